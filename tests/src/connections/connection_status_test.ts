import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { ConnectionOutcome } from "../../../src/connections/complete_connection.ts";
import { connectionOutcomeStatus } from "../../../src/connections/connection_status.ts";

const NOW = "2026-06-01T12:00:00.000Z";
const RETURN_URL = "https://app.example.com/settings";

async function setup() {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  await new SqlOrganizationRepository(database.db).create({ id: "org-1", name: "org-1", createdAt: NOW });
  const connections = new SqlConnectionRepository(database.db);
  await connections.save({
    id: "conn-1",
    orgId: "org-1",
    realmId: "9341452000000001",
    companyName: "Maple Holdings LLC",
    status: "connected",
    encryptedTokens: "sealed",
    accessTokenExpiresAt: "2026-06-01T13:00:00.000Z",
    refreshTokenExpiresAt: "2026-09-01T12:00:00.000Z",
    refreshTokenHardExpiresAt: "2031-06-01T12:00:00.000Z",
    classTrackingEnabled: true,
    locationTrackingEnabled: false,
    isDefault: true,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: NOW,
  }, NOW);
  const deps = {
    connections,
    settings: { get: () => Promise.resolve(null) },
    clock: { now: () => new Date(NOW) },
    circuitReport: () => ({ state: "closed" as const, openedAt: null, retryAt: null, error: null }),
  };
  return { database, connections, deps };
}

Deno.test("connectionOutcomeStatus answers a connected company with its status and the stored return URL", async () => {
  const { database, connections, deps } = await setup();
  try {
    const connection = (await connections.get("org-1", "9341452000000001"))!;
    const answer = await connectionOutcomeStatus(deps, {
      status: "connected",
      connection,
      returnUrl: RETURN_URL,
    });
    assert.equal(answer.status, "connected");
    if (answer.status !== "connected") return;
    assert.equal(answer.returnUrl, RETURN_URL);
    assert.equal(answer.view.connected, true);
    assert.equal(answer.view.realmId, "9341452000000001");
    assert.equal(answer.view.companyName, "Maple Holdings LLC");
    assert.equal(answer.view.readyForSync, true);
  } finally {
    await database.close();
  }
});

Deno.test("connectionOutcomeStatus passes a denial or failure through as it was, reading no status", async () => {
  const readsNothing = {
    connections: undefined as never,
    settings: undefined as never,
    clock: { now: () => new Date(NOW) },
    circuitReport: () => assert.fail("no status is read for a refused connection"),
  };
  const denied: ConnectionOutcome = {
    status: "denied",
    error: new DomainError("OAUTH_ACCESS_DENIED", "The user declined", {}),
    returnUrl: RETURN_URL,
  };
  assert.equal(await connectionOutcomeStatus(readsNothing, denied), denied);
  const failed: ConnectionOutcome = {
    status: "failed",
    error: new DomainError("OAUTH_AUTHORIZATION_FAILED", "Intuit said no", {}),
    returnUrl: null,
  };
  assert.equal(await connectionOutcomeStatus(readsNothing, failed), failed);
});
