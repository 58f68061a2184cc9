import assert from "node:assert/strict";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { SqlIntegrationHealthStore } from "../../../adapters/persistence/repositories/integration_health_repository.ts";
import type { HealthState } from "../../../domain/health/evaluate_health.ts";
import { isDomainError } from "../../../domain/errors.ts";
import { contractSuite } from "../../support/databases.ts";

const state = (status: HealthState["status"], at: string): HealthState => ({
  status,
  companies: { "9130001": status },
  conditions: status === "healthy" ? [] : [{
    key: "QUICKBOOKS_CIRCUIT_OPEN:9130001",
    code: "QUICKBOOKS_CIRCUIT_OPEN",
    realmId: "9130001",
    severity: "critical",
    component: "quickbooks_api",
    message: "Calls to realm 9130001 are paused",
    recommendation: "Check status.developer.intuit.com",
    details: { opened_at: at },
    immediate: false,
    since: at,
    counting: true,
    clearSince: null,
  }],
  evaluatedAt: at,
});

const change = (
  realmId: string | null,
  from: HealthState["status"] | null,
  to: HealthState["status"],
  at: string,
) => ({
  realmId,
  from,
  to,
  at,
  issueCodes: to === "healthy" ? [] : ["QUICKBOOKS_CIRCUIT_OPEN"],
});

contractSuite("SqlIntegrationHealthStore contract", async (t, database) => {
  const store = new SqlIntegrationHealthStore(database);
  const t1 = "2026-06-01T12:00:00.000Z";
  const t2 = "2026-06-01T12:10:00.000Z";

  await t.step("get is null until saved; the first save needs version 0, then the version read", async () => {
    assert.equal(await store.get("org-a"), null);
    assert.equal(
      await store.save("org-a", state("healthy", t1), 0, [change(null, null, "healthy", t1)]),
      true,
    );
    assert.deepEqual(await store.get("org-a"), { ...state("healthy", t1), version: 1 });
    assert.equal(await store.save("org-a", state("unhealthy", t2), 0, []), false, "someone saved first");
    assert.equal(
      await store.save("org-a", state("unhealthy", t2), 1, [
        change(null, "healthy", "unhealthy", t2),
        change("9130001", "healthy", "unhealthy", t2),
      ]),
      true,
    );
    assert.equal(
      await store.save("org-a", state("healthy", t2), 1, [change(null, "unhealthy", "healthy", t2)]),
      false,
      "a stale version writes nothing, history included",
    );
    assert.deepEqual(await store.get("org-a"), { ...state("unhealthy", t2), version: 2 });
  });

  await t.step("concurrent first saves: exactly one wins", async () => {
    const results = await Promise.all(
      Array.from(
        { length: 5 },
        () => store.save("org-b", state("healthy", t1), 0, [change(null, null, "healthy", t1)]),
      ),
    );
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal((await store.history("org-b", { limit: 10 })).entries.length, 1);
  });

  await t.step(
    "history: newest first, gap-free seq per organization, paged, filtered by company",
    async () => {
      const first = await store.history("org-a", { limit: 2 });
      assert.deepEqual(first.entries.map((e) => [e.seq, e.realmId, e.from, e.to]), [
        [3, "9130001", "healthy", "unhealthy"],
        [2, null, "healthy", "unhealthy"],
      ]);
      assert.deepEqual(first.entries[0].issueCodes, ["QUICKBOOKS_CIRCUIT_OPEN"]);
      assert.notEqual(first.nextCursor, null);
      const second = await store.history("org-a", { limit: 2, cursor: first.nextCursor! });
      assert.deepEqual(second.entries.map((e) => [e.seq, e.from, e.to, e.at]), [[1, null, "healthy", t1]]);
      assert.equal(second.nextCursor, null);
      assert.deepEqual(
        (await store.history("org-a", { limit: 10, realmId: null })).entries.map((e) => e.seq),
        [2, 1],
      );
      assert.deepEqual(
        (await store.history("org-a", { limit: 10, realmId: "9130001" })).entries.map((e) => e.seq),
        [3],
      );
      assert.deepEqual((await store.history("org-z", { limit: 10 })).entries, []);
    },
  );

  await t.step("a malformed cursor is VALIDATION_FAILED", async () => {
    await assert.rejects(
      store.history("org-a", { limit: 2, cursor: "nope" }),
      (e) => isDomainError(e) && e.code === "VALIDATION_FAILED",
    );
  });
});

contractSuite("SqlConnectionRepository tokens_refreshed_at (036)", async (t, database) => {
  const connections = new SqlConnectionRepository(database.db);
  await new SqlOrganizationRepository(database.db).create({
    id: "org-a",
    name: "A",
    createdAt: "2026-06-01T00:00:00.000Z",
  });
  const refreshedAt = async () =>
    (await database.db.selectFrom("quickbooks_connections").select("tokens_refreshed_at")
      .executeTakeFirstOrThrow())
      .tokens_refreshed_at;
  await t.step("set on connect, moved by a refresh, kept by a re-seal of the same tokens", async () => {
    const saved = await connections.save({
      id: "c1",
      orgId: "org-a",
      realmId: "9130001",
      companyName: null,
      status: "connected",
      encryptedTokens: "sealed-1",
      accessTokenExpiresAt: "2026-06-01T13:00:00.000Z",
      refreshTokenExpiresAt: "2026-09-09T12:00:00.000Z",
      refreshTokenHardExpiresAt: null,
      classTrackingEnabled: false,
      locationTrackingEnabled: false,
      isDefault: true,
      lastErrorCode: null,
      lastErrorMessage: null,
      lastErrorAt: null,
      connectedAt: "2026-06-01T12:00:00.000Z",
    }, "2026-06-01T12:00:00.000Z");
    assert.equal(await refreshedAt(), "2026-06-01T12:00:00.000Z");
    const tokens = {
      encryptedTokens: "sealed-2",
      accessTokenExpiresAt: "2026-06-01T14:00:00.000Z",
      refreshTokenExpiresAt: "2026-09-09T13:00:00.000Z",
      refreshTokenHardExpiresAt: null,
    };
    assert.equal(
      await connections.updateTokens("org-a", "9130001", tokens, saved.version, "2026-06-01T13:00:00.000Z"),
      true,
    );
    assert.equal(await refreshedAt(), "2026-06-01T13:00:00.000Z");
    assert.equal(
      await connections.updateTokens(
        "org-a",
        "9130001",
        { ...tokens, encryptedTokens: "resealed" },
        saved.version + 1,
        "2026-06-01T13:30:00.000Z",
      ),
      true,
    );
    assert.equal(await refreshedAt(), "2026-06-01T13:00:00.000Z", "a key rotation is not a refresh");
  });
});
