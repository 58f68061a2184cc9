import assert from "node:assert/strict";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import type { NewQuickBooksConnection } from "../../../domain/ports/connection_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const NOW = "2026-05-01T12:00:00.000Z";

function connection(orgId: string, realmId: string, extra: Partial<NewQuickBooksConnection> = {}) {
  return {
    id: `conn-${orgId}-${realmId}`,
    orgId,
    realmId,
    companyName: `Company ${realmId}`,
    status: "connected" as const,
    encryptedTokens: "ciphertext-1",
    accessTokenExpiresAt: "2026-05-01T13:00:00.000Z",
    refreshTokenExpiresAt: "2026-08-09T12:00:00.000Z",
    refreshTokenHardExpiresAt: null,
    classTrackingEnabled: true,
    locationTrackingEnabled: false,
    isDefault: false,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: NOW,
    ...extra,
  };
}

contractSuite("ConnectionRepository contract", async (t, database) => {
  const orgs = new SqlOrganizationRepository(database.db);
  const repo = new SqlConnectionRepository(database.db);
  await orgs.create({ id: "org-1", name: "One", createdAt: NOW });
  await orgs.create({ id: "org-2", name: "Two", createdAt: NOW });

  await t.step("save inserts and get returns it with version 1", async () => {
    const saved = await repo.save(connection("org-1", "111"), NOW);
    assert.equal(saved.version, 1);
    assert.equal(saved.classTrackingEnabled, true);
    assert.equal(saved.locationTrackingEnabled, false);
    assert.equal(saved.encryptedTokens, "ciphertext-1");
    assert.deepEqual(await repo.get("org-1", "111"), saved);
    assert.equal(await repo.get("org-2", "111"), null, "another org never sees it");
  });

  await t.step("save of the same org and realm replaces and bumps the version", async () => {
    const saved = await repo.save(connection("org-1", "111", { companyName: "Renamed" }), NOW);
    assert.equal(saved.version, 2);
    assert.equal(saved.companyName, "Renamed");
    assert.equal((await repo.listByOrg("org-1")).length, 1);
  });

  await t.step("several realms per org; default is explicit or the oldest", async () => {
    await repo.save(connection("org-1", "222", { connectedAt: "2026-05-02T00:00:00.000Z" }), NOW);
    assert.equal((await repo.getDefault("org-1"))?.realmId, "111");
    await repo.setDefault("org-1", "222", NOW);
    assert.equal((await repo.getDefault("org-1"))?.realmId, "222");
    assert.deepEqual((await repo.listByOrg("org-1")).map((c) => c.realmId), ["111", "222"]);
    assert.equal(await repo.getDefault("org-2"), null);
  });

  await t.step("updateTokens is optimistic: a stale version loses", async () => {
    const current = (await repo.get("org-1", "111"))!;
    const update = {
      encryptedTokens: "ciphertext-2",
      accessTokenExpiresAt: "2026-05-01T14:00:00.000Z",
      refreshTokenExpiresAt: "2026-08-10T12:00:00.000Z",
      refreshTokenHardExpiresAt: "2031-05-01T00:00:00.000Z",
    };
    assert.equal(await repo.updateTokens("org-1", "111", update, current.version, NOW), true);
    assert.equal(
      await repo.updateTokens("org-1", "111", { ...update, encryptedTokens: "x" }, current.version, NOW),
      false,
    );
    const after = (await repo.get("org-1", "111"))!;
    assert.equal(after.encryptedTokens, "ciphertext-2");
    assert.equal(after.refreshTokenHardExpiresAt, "2031-05-01T00:00:00.000Z");
    assert.equal(after.version, current.version + 1);
  });

  await t.step("updateCompanyProfile writes name and tracking only, keeping tokens and version", async () => {
    const before = (await repo.get("org-1", "111"))!;
    const later = "2026-05-03T00:00:00.000Z";
    const profile = {
      companyName: "Maple Holdings",
      classTrackingEnabled: false,
      locationTrackingEnabled: true,
    };
    assert.equal(await repo.updateCompanyProfile("org-1", "111", profile, later), true);
    const after = (await repo.get("org-1", "111"))!;
    assert.deepEqual(after, { ...before, ...profile, updatedAt: later });
    assert.equal(
      await repo.updateTokens(
        "org-1",
        "111",
        {
          encryptedTokens: before.encryptedTokens,
          accessTokenExpiresAt: before.accessTokenExpiresAt,
          refreshTokenExpiresAt: before.refreshTokenExpiresAt,
          refreshTokenHardExpiresAt: before.refreshTokenHardExpiresAt,
        },
        before.version,
        later,
      ),
      true,
      "a token refresh that read the connection before the profile update still lands",
    );
    assert.equal(
      await repo.updateCompanyProfile("org-2", "111", profile, later),
      false,
      "no such connection",
    );
    assert.equal(await repo.get("org-2", "111"), null);
  });

  await t.step("setStatus records and clears the last error", async () => {
    await repo.setStatus(
      "org-1",
      "111",
      "needs_reauthorization",
      { code: "QB002", message: "invalid_grant" },
      NOW,
    );
    let c = (await repo.get("org-1", "111"))!;
    assert.equal(c.status, "needs_reauthorization");
    assert.equal(c.lastErrorCode, "QB002");
    assert.equal(c.lastErrorAt, NOW);
    assert.deepEqual((await repo.listByStatus("needs_reauthorization")).map((x) => x.realmId), ["111"]);
    await repo.setStatus("org-1", "111", "connected", null, NOW);
    c = (await repo.get("org-1", "111"))!;
    assert.equal(c.lastErrorCode, null);
  });

  await t.step("refresh lease: one holder at a time, free again after expiry or release", async () => {
    const until = "2026-05-01T12:00:30.000Z";
    const results = await Promise.all(
      ["w1", "w2", "w3", "w4"].map((h) => repo.acquireRefreshLease("org-1", "111", h, NOW, until)),
    );
    assert.equal(results.filter(Boolean).length, 1);
    const winner = ["w1", "w2", "w3", "w4"][results.indexOf(true)];
    const loser = winner === "w1" ? "w2" : "w1";
    assert.equal(
      await repo.acquireRefreshLease("org-1", "111", loser, "2026-05-01T12:00:10.000Z", until),
      false,
    );
    assert.equal(
      await repo.acquireRefreshLease(
        "org-1",
        "111",
        loser,
        "2026-05-01T12:00:31.000Z",
        "2026-05-01T12:01:00.000Z",
      ),
      true,
    );
    await repo.releaseRefreshLease("org-1", "111", winner); // not the holder any more: no effect
    assert.equal(
      await repo.acquireRefreshLease("org-1", "111", winner, "2026-05-01T12:00:40.000Z", until),
      false,
    );
    await repo.releaseRefreshLease("org-1", "111", loser);
    assert.equal(
      await repo.acquireRefreshLease("org-1", "111", winner, "2026-05-01T12:00:40.000Z", until),
      true,
    );
  });

  await t.step("delete removes only that realm", async () => {
    assert.equal(await repo.delete("org-1", "222"), true);
    assert.equal(await repo.delete("org-1", "222"), false);
    assert.deepEqual((await repo.listByOrg("org-1")).map((c) => c.realmId), ["111"]);
  });
});
