import assert from "node:assert/strict";
import { SqlApiKeyRepository } from "../../../adapters/persistence/repositories/api_key_repository.ts";
import type { NewApiKey } from "../../../domain/ports/api_key_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const T1 = "2026-05-01T12:00:00.000Z";
const T2 = "2026-05-01T13:00:00.000Z";
const T3 = "2026-05-02T13:00:00.000Z";

const key = (id: string, orgId: string, createdAt = T1): NewApiKey => ({
  id,
  orgId,
  name: `key ${id}`,
  scopes: ["sync:read", "records:write"],
  propertyIds: ["prop_1"],
  ipAllowlist: ["203.0.113.0/24", "2001:db8::/32"],
  expiresAt: "2026-12-31T00:00:00.000Z",
  prefix: `eck_test_${id.padEnd(16, "0")}`,
  createdAt,
  createdBy: "user:boss",
  rateLimit: null,
  dailyCallQuota: null,
  dailyQuickBooksQuota: null,
});
const secret = (lookup: string, createdAt = T1) => ({ lookup, digest: `digest-of-${lookup}`, createdAt });

contractSuite("SqlApiKeyRepository contract", async (t, database) => {
  const repo = new SqlApiKeyRepository(database);

  await t.step("create stores the key and its secret; findByLookup finds both", async () => {
    const created = await repo.create(key("k1", "org-a"), secret("lookup1"));
    assert.deepEqual(created, { ...key("k1", "org-a"), lastUsedAt: null, rotatedAt: null, revokedAt: null });
    assert.deepEqual(await repo.findByLookup("lookup1"), {
      key: created,
      secret: { lookup: "lookup1", keyId: "k1", digest: "digest-of-lookup1", createdAt: T1, expiresAt: null },
    });
    assert.equal(await repo.findByLookup("nope"), null);
    const open = await repo.create({
      ...key("k2", "org-a", T2),
      propertyIds: null,
      ipAllowlist: null,
      expiresAt: null,
    }, secret("lookup2"));
    assert.deepEqual([open.propertyIds, open.ipAllowlist, open.expiresAt], [null, null, null]);
  });

  await t.step("list is the organization's keys newest first; get never crosses organizations", async () => {
    await repo.create(key("k3", "org-b"), secret("lookup3"));
    assert.deepEqual((await repo.list("org-a")).map((k) => k.id), ["k2", "k1"]);
    assert.deepEqual((await repo.list("org-b")).map((k) => k.id), ["k3"]);
    assert.equal(await repo.get("org-b", "k1"), null);
    assert.equal((await repo.get("org-a", "k1"))?.name, "key k1");
  });

  await t.step("rotate adds the current secret, ends the others at previousUntil (never later)", async () => {
    const rotated = await repo.rotate("org-a", "k1", {
      secret: secret("lookup1b", T2),
      prefix: "eck_test_lookup1b",
      previousUntil: T3,
    });
    assert.equal(rotated?.prefix, "eck_test_lookup1b");
    assert.equal(rotated?.rotatedAt, T2);
    assert.equal((await repo.findByLookup("lookup1"))?.secret.expiresAt, T3);
    assert.equal((await repo.findByLookup("lookup1b"))?.secret.expiresAt, null);
    await repo.rotate("org-a", "k1", {
      secret: secret("lookup1c", T2),
      prefix: "eck_test_lookup1c",
      previousUntil: T2,
    });
    assert.equal((await repo.findByLookup("lookup1"))?.secret.expiresAt, T2, "an earlier end wins");
    assert.equal((await repo.findByLookup("lookup1b"))?.secret.expiresAt, T2);
    await repo.rotate("org-a", "k1", {
      secret: secret("lookup1d", T2),
      prefix: "eck_test_lookup1d",
      previousUntil: T3,
    });
    assert.equal((await repo.findByLookup("lookup1"))?.secret.expiresAt, T2, "a later end never extends");
    assert.equal(
      await repo.rotate("org-b", "k1", { secret: secret("x", T2), prefix: "x", previousUntil: T3 }),
      null,
    );
    assert.equal(await repo.findByLookup("x"), null, "nothing stored for another organization's key");
  });

  await t.step(
    "touch records the latest use only; revoke keeps the first revocation; revoked keys do not rotate",
    async () => {
      await repo.touch("k2", T2);
      await repo.touch("k2", T1);
      assert.equal((await repo.get("org-a", "k2"))?.lastUsedAt, T2);
      assert.equal(await repo.revoke("org-b", "k2", T2), null);
      assert.equal((await repo.revoke("org-a", "k2", T2))?.revokedAt, T2);
      assert.equal((await repo.revoke("org-a", "k2", T3))?.revokedAt, T2);
      assert.equal(
        await repo.rotate("org-a", "k2", { secret: secret("y", T3), prefix: "y", previousUntil: T3 }),
        null,
      );
      assert.equal(await repo.findByLookup("y"), null);
    },
  );
});
