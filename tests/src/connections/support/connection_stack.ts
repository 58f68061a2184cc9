/**
 * A real stack for connection use-case tests: libSQL file database, JWE vault, the oauth4webapi
 * client against the emulator's OAuth server on loopback. Nothing of the use cases is mocked.
 */
import { JweTokenVault } from "../../../../adapters/crypto/jwe_token_vault.ts";
import { parseKeyRing } from "../../../../adapters/crypto/key_ring.ts";
import { JsonLogger } from "../../../../adapters/logging/json_logger.ts";
import { type Database, openDatabase } from "../../../../adapters/persistence/database.ts";
import { SqlEventOutbox } from "../../../../adapters/persistence/repositories/event_outbox_repository.ts";
import { outboxEmitter } from "../../../../domain/events/emit_event.ts";
import { sqlUnitOfWork } from "../../../../adapters/persistence/unit_of_work.ts";
import { migrateToLatest } from "../../../../adapters/persistence/migrator.ts";
import { SqlConnectionRepository } from "../../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlOrganizationRepository } from "../../../../adapters/persistence/repositories/organization_repository.ts";
import { IntuitOAuthClient } from "../../../../adapters/quickbooks/oauth/intuit_oauth_client.ts";
import { INTUIT_ISSUER } from "../../../../adapters/quickbooks/oauth/oauth_endpoints.ts";
import type { NewAuditRecord } from "../../../../domain/ports/audit_log.ts";
import type { Clock } from "../../../../domain/ports/clock.ts";
import { ConnectionAccessTokens } from "../../../../src/connections/connection_access_tokens.ts";
import {
  approveConsent,
  EMULATOR_CLIENT,
  REALM,
  REDIRECT_URI,
  startEmulatedOAuthServer,
} from "../../../adapters/quickbooks/support/emulated_oauth_server.ts";

export const KEY_1 = `k1:${btoa(String.fromCharCode(...new Uint8Array(32).fill(11)))}`;
export const KEY_2 = `k2:${btoa(String.fromCharCode(...new Uint8Array(32).fill(22)))}`;
export const ORG = "org-1";
export const TARGET = { orgId: ORG, realmId: REALM };

/** One "process": its own database handle, repositories, vault, OAuth client and token source. */
export function processOn(
  database: Database,
  oauthBaseUrl: string,
  options: {
    holderId: string;
    clock: Clock;
    keys?: string;
    logLines?: string[];
    audit?: NewAuditRecord[];
    sleep?: (ms: number) => Promise<void>;
  },
) {
  const connections = new SqlConnectionRepository(database.db);
  const vault = new JweTokenVault(parseKeyRing(options.keys ?? KEY_1));
  const oauth = new IntuitOAuthClient({
    ...EMULATOR_CLIENT,
    redirectUri: REDIRECT_URI,
    discoveryUrl: `${oauthBaseUrl}/.well-known/openid_sandbox_configuration`,
    issuer: INTUIT_ISSUER,
    clock: options.clock,
  });
  const logger = new JsonLogger({
    level: "debug",
    sink: (line) => options.logLines?.push(line),
    now: () => options.clock.now(),
  });
  const audit = (record: NewAuditRecord) => {
    options.audit?.push(record);
    return Promise.resolve();
  };
  const tokens = new ConnectionAccessTokens({
    connections,
    vault,
    oauth,
    clock: options.clock,
    logger,
    audit,
    atomically: sqlUnitOfWork(database),
    emit: outboxEmitter(new SqlEventOutbox(database, { newId: () => crypto.randomUUID() })),
    holderId: options.holderId,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)))),
  });
  return { connections, vault, oauth, logger, audit, tokens };
}

/** Emulator + a migrated libSQL file + an org with one connected company (real OAuth flow). */
export async function connectedStack(clock: Clock = { now: () => new Date() }) {
  const emulator = await startEmulatedOAuthServer();
  const dir = await Deno.makeTempDir({ prefix: "estatecore-conn-" });
  const url = `file:${dir}/shared.db`;
  const database = await openDatabase(url);
  await migrateToLatest(database);
  await new SqlOrganizationRepository(database.db).create({
    id: ORG,
    name: "Org",
    createdAt: clock.now().toISOString(),
  });
  const main = processOn(database, emulator.baseUrl, { holderId: "main", clock });
  const state = main.oauth.createState();
  const pkce = await main.oauth.createPkcePair();
  const callback = await approveConsent(
    await main.oauth.authorizationUrl({ state, codeChallenge: pkce.challenge }),
  );
  const grant = await main.oauth.exchangeCode({
    code: callback.get("code")!,
    state,
    codeVerifier: pkce.verifier,
  });
  const sealed = await main.vault.seal(grant.tokens);
  await main.connections.save({
    id: "conn-1",
    orgId: ORG,
    realmId: REALM,
    companyName: "Maple Court Rentals",
    status: "connected",
    encryptedTokens: sealed.sealed,
    accessTokenExpiresAt: grant.tokens.accessTokenExpiresAt.toISOString(),
    refreshTokenExpiresAt: grant.tokens.refreshTokenExpiresAt.toISOString(),
    refreshTokenHardExpiresAt: grant.tokens.refreshTokenHardExpiresAt?.toISOString() ?? null,
    classTrackingEnabled: false,
    locationTrackingEnabled: false,
    isDefault: true,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: clock.now().toISOString(),
  }, clock.now().toISOString());
  const openOther = () => openDatabase(url);
  return {
    emulator,
    database,
    main,
    grant,
    openOther,
    close: async () => {
      await database.close();
      await emulator.close();
      await Deno.remove(dir, { recursive: true }).catch(() => undefined);
    },
  };
}
