/**
 * Composition of the QuickBooks side of the service: token vault, OAuth client, resilient API
 * client and gateway, shared rate budget, access tokens with the refresh lease, webhook intake,
 * and the route modules of connections, OAuth callback and webhooks. Part of the composition
 * root: the only place where these adapters meet.
 */
import { JweTokenVault } from "../../adapters/crypto/jwe_token_vault.ts";
import { parseKeyRing } from "../../adapters/crypto/key_ring.ts";
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerConnectionRoutes } from "../../adapters/http/routes/connections.ts";
import { registerOAuthCallbackRoute } from "../../adapters/http/routes/oauth_callback.ts";
import { registerWebhookRoute } from "../../adapters/http/routes/webhooks.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlOAuthStateStore } from "../../adapters/persistence/repositories/oauth_state_repository.ts";
import { InProcessCallStats } from "../../adapters/quickbooks/in_process_call_stats.ts";
import type { QuickBooksCallStats } from "../../domain/ports/quickbooks_call_stats.ts";
import { SqlRateBudget } from "../../adapters/persistence/repositories/rate_budget_repository.ts";
import { SqlWebhookInbox } from "../../adapters/persistence/repositories/webhook_inbox_repository.ts";
import { IntuitOAuthClient } from "../../adapters/quickbooks/oauth/intuit_oauth_client.ts";
import { INTUIT_DISCOVERY_URLS, INTUIT_ISSUER } from "../../adapters/quickbooks/oauth/oauth_endpoints.ts";
import { QboHttpClient } from "../../adapters/quickbooks/qbo_http_client.ts";
import { QuickBooksApiGateway } from "../../adapters/quickbooks/quickbooks_api_gateway.ts";
import { DEFAULT_RESILIENCE, type ResilienceOptions } from "../../adapters/quickbooks/realm_resilience.ts";
import { QuickBooksWebhookDecoder } from "../../adapters/quickbooks/webhooks/quickbooks_webhook_decoder.ts";
import type { AccountMappingRepository } from "../../domain/ports/account_mapping_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import type { RateBudget } from "../../domain/ports/rate_budget.ts";
import type { WebhookInbox } from "../../domain/ports/webhook_inbox.ts";
import type { Config } from "../config.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { completeConnection } from "../connections/complete_connection.ts";
import { refreshCompanyOnDemand } from "../connections/refresh_company_profile.ts";
import { settleTrackingAtConnect } from "../settings/settle_tracking.ts";
import type { SyncSettingsRepository } from "../../domain/ports/sync_settings_repository.ts";
import { ConnectionAccessTokens } from "../connections/connection_access_tokens.ts";
import {
  connectionOutcomeStatus,
  connectionStatus,
  listConnectionStatuses,
} from "../connections/connection_status.ts";
import { disconnectConnection } from "../connections/disconnect_connection.ts";
import { keepConnectionsFresh } from "../connections/keep_connections_fresh.ts";
import { startConnection } from "../connections/start_connection.ts";
import { receiveWebhook } from "../webhooks/receive_webhook.ts";
import { type ReferenceDataWiring, wireReferenceData } from "./reference_data_wiring.ts";

/** Where the OAuth server and the Accounting API live. */
export interface QuickBooksEndpoints {
  readonly discoveryUrl: string;
  readonly issuer: string;
  readonly apiBaseUrl: string;
}

/** Intuit's hosts in `intuit` mode; the built-in emulator under the service's own URL otherwise. */
export function quickbooksEndpoints(config: Config): QuickBooksEndpoints {
  if (config.quickbooks.mode === "intuit") {
    const sandbox = config.quickbooks.environment === "sandbox";
    return {
      discoveryUrl: sandbox ? INTUIT_DISCOVERY_URLS.sandbox : INTUIT_DISCOVERY_URLS.production,
      issuer: INTUIT_ISSUER,
      apiBaseUrl: sandbox ? "https://sandbox-quickbooks.api.intuit.com" : "https://quickbooks.api.intuit.com",
    };
  }
  const base = `${config.publicBaseUrl}${config.quickbooks.emulatorPath}`;
  return {
    discoveryUrl: `${base}/.well-known/openid_sandbox_configuration`,
    issuer: INTUIT_ISSUER,
    apiBaseUrl: base,
  };
}

/** The token key ring from configuration (outside production, the generated development key when none is set). */
export function tokenKeyRingSpec(config: Config): string {
  return config.tokenEncryptionKeys.map((key) => `${key.kid}:${key.key}`).join(",");
}

export interface QuickBooksWiringInput {
  readonly config: Config;
  readonly database: Database;
  readonly connections: ConnectionRepository;
  /** The account mappings, for the mapping checks against the connected company. */
  readonly mappings: AccountMappingRepository;
  /** The sync settings: the connect flow settles the default tracking, the status reports its problems. */
  readonly settings: SyncSettingsRepository;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
  readonly emit: EmitEvent;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
  /** Wraps the shared rate budget: each QuickBooks call passes through it (per-key usage counting). */
  readonly meterBudget: (budget: RateBudget) => RateBudget;
  /** Instead of the configured hosts, the client's tunables and real-time waits (tests). */
  readonly overrides?: {
    readonly endpoints?: QuickBooksEndpoints;
    readonly resilience?: Partial<ResilienceOptions>;
    readonly sleep?: (ms: number) => Promise<void>;
  };
}

export interface QuickBooksWiring {
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
  readonly gateway: QuickBooksGateway;
  readonly accessTokens: ConnectionAccessTokens;
  readonly inbox: WebhookInbox;
  readonly vault: JweTokenVault;
  /** Reference lists of connected companies and the account mapping checks against them. */
  readonly referenceData: ReferenceDataWiring;
  /** This process's QuickBooks call figures per realm over the last hour (integration health). */
  readonly callStats: QuickBooksCallStats;
  /** The worker's periodic job: renew refresh tokens nearing their rolling expiry. */
  renewExpiringTokens(): Promise<{ renewed: number; failed: number }>;
}

export function wireQuickBooks(input: QuickBooksWiringInput): QuickBooksWiring {
  const { config, database, connections, mappings, settings, audit, atomically, emit, clock, ids, logger } =
    input;
  const overrides = input.overrides ?? {};
  const endpoints = overrides.endpoints ?? quickbooksEndpoints(config);
  const sleep = overrides.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const states = new SqlOAuthStateStore(database);
  const inbox = new SqlWebhookInbox(database, () => ids.newId());
  const shared = new SqlRateBudget(database, () => ids.newId());
  // Each QuickBooks call of an API key's request counts against the key (its daily QuickBooks quota).
  const budget = input.meterBudget(shared);
  const vault = new JweTokenVault(parseKeyRing(tokenKeyRingSpec(config)));
  const oauth = new IntuitOAuthClient({
    clientId: config.quickbooks.clientId,
    clientSecret: config.quickbooks.clientSecret,
    redirectUri: config.quickbooks.redirectUri,
    discoveryUrl: endpoints.discoveryUrl,
    issuer: endpoints.issuer,
    clock,
  });
  const accessTokens = new ConnectionAccessTokens({
    connections,
    vault,
    oauth,
    clock,
    logger,
    audit,
    atomically,
    emit,
    holderId: `${Deno.pid}:${ids.newId()}`,
    sleep,
  });
  const callStats = new InProcessCallStats();
  const client = new QboHttpClient({
    apiBaseUrl: endpoints.apiBaseUrl,
    minorVersion: 75,
    tokens: accessTokens,
    budget,
    clock,
    resilience: { ...DEFAULT_RESILIENCE, ...overrides.resilience },
    sleep,
    budgetMaxWaitMs: 90_000,
    requestTimeoutMs: 120_000,
    logger,
    calls: callStats,
  });
  const gateway = new QuickBooksApiGateway(client, clock);
  const decoder = new QuickBooksWebhookDecoder({ verifierToken: config.quickbooks.webhookVerifierToken });
  const referenceData = wireReferenceData({ database, gateway, connections, mappings, clock, logger });
  const statusDeps = {
    connections,
    settings,
    clock,
    circuitReport: (realmId: string) => gateway.circuitReport(realmId),
    mappingValidation: referenceData.recordedValidation,
  };
  const now = () => clock.now();

  const routeModules = [
    (api: ApiApp) =>
      registerConnectionRoutes(api, {
        startConnection: (caller, request) =>
          startConnection(
            { oauth, states, clock, returnUrls: config.oauthReturnUrlAllowlist },
            { orgId: caller.orgId, userId: caller.userId },
            request,
          ),
        connectionStatus: (orgId, realmId) => connectionStatus(statusDeps, orgId, realmId),
        listConnections: (orgId) => listConnectionStatuses(statusDeps, orgId),
        refreshCompany: async (caller, realmId, requestId) => {
          const refreshed = await refreshCompanyOnDemand(
            { gateway, connections, clock, audit, atomically },
            caller,
            realmId,
            requestId,
          );
          return {
            status: await connectionStatus(statusDeps, caller.orgId, refreshed.connection.realmId),
            changed: refreshed.changed,
          };
        },
        disconnect: (caller, realmId) =>
          disconnectConnection(
            { connections, vault, oauth, clock, logger, audit, atomically, emit },
            { orgId: caller.orgId, userId: caller.userId },
            realmId,
          ),
      }, now),
    (api: ApiApp) =>
      registerOAuthCallbackRoute(api, {
        completeConnection: async (callback) =>
          connectionOutcomeStatus(
            statusDeps,
            await completeConnection(
              {
                oauth,
                states,
                connections,
                vault,
                gateway,
                clock,
                ids,
                audit,
                atomically,
                emit,
                logger,
                afterConnect: async (target) => {
                  await settleTrackingAtConnect({ settings, connections, clock, audit, atomically }, target);
                  await referenceData.validateAtConnect(target);
                },
              },
              callback,
            ),
          ),
      }, now),
    (api: ApiApp) =>
      registerWebhookRoute(api, {
        receiveWebhook: (delivery) =>
          receiveWebhook(
            { decoder, inbox, clock, logger, onEntitiesChanged: referenceData.onEntitiesChanged },
            delivery,
          ),
      }, now),
    referenceData.routeModule,
  ];
  const renewExpiringTokens = () => keepConnectionsFresh({ connections, accessTokens, logger });
  return {
    routeModules,
    gateway,
    accessTokens,
    inbox,
    vault,
    referenceData,
    callStats,
    renewExpiringTokens,
  };
}
