import assert from "node:assert/strict";
import { SqlUserGrantRepository } from "../../../adapters/persistence/repositories/user_grant_repository.ts";
import type { UserGrantTerms } from "../../../domain/access/user_grant.ts";
import { contractSuite } from "../../support/databases.ts";

const T1 = "2026-05-01T12:00:00.000Z";
const T2 = "2026-05-01T13:00:00.000Z";
const terms: UserGrantTerms = {
  accessLevel: "advanced",
  allowedProperties: ["prop_1", "prop_2"],
  allowedFeatures: ["sync", "audit"],
  expiresAt: "2026-07-01T00:00:00.000Z",
};

contractSuite("SqlUserGrantRepository contract", async (t, database) => {
  const repo = new SqlUserGrantRepository(database);

  await t.step("get is null until a grant is stored; put stores the terms at version 1", async () => {
    assert.equal(await repo.get("org-a", "u1"), null);
    assert.deepEqual(await repo.put("org-a", "u1", terms, { at: T1, by: "user:boss" }), {
      orgId: "org-a",
      userId: "u1",
      ...terms,
      createdAt: T1,
      updatedAt: T1,
      updatedBy: "user:boss",
      version: 1,
    });
  });

  await t.step(
    "put again replaces the terms, keeps created_at and bumps the version; all is all",
    async () => {
      const replaced = await repo.put("org-a", "u1", {
        accessLevel: "read_only",
        allowedProperties: "all",
        allowedFeatures: "all",
        expiresAt: null,
      }, { at: T2, by: "user:other-admin" });
      assert.deepEqual(replaced, {
        orgId: "org-a",
        userId: "u1",
        accessLevel: "read_only",
        allowedProperties: "all",
        allowedFeatures: "all",
        expiresAt: null,
        createdAt: T1,
        updatedAt: T2,
        updatedBy: "user:other-admin",
        version: 2,
      });
    },
  );

  await t.step(
    "organizations never see each other's grants; list pages by user id in byte order",
    async () => {
      for (const user of ["u3", "U2", "u2", "ü"]) {
        await repo.put("org-a", user, terms, { at: T1, by: "user:boss" });
      }
      await repo.put("org-b", "u1", terms, { at: T1, by: "user:boss" });
      assert.equal((await repo.get("org-b", "u1"))?.accessLevel, "advanced");
      assert.equal((await repo.get("org-a", "u1"))?.accessLevel, "read_only");
      const all = await repo.list("org-a", { limit: 10 });
      assert.deepEqual(
        all.map((g) => g.userId),
        ["U2", "u1", "u2", "u3", "ü"],
      );
      const page = await repo.list("org-a", { afterUserId: "u1", limit: 2 });
      assert.deepEqual(page.map((g) => g.userId), ["u2", "u3"]);
      assert.deepEqual((await repo.list("org-b", { limit: 10 })).map((g) => g.userId), ["u1"]);
    },
  );

  await t.step("remove answers what it removed, then nothing", async () => {
    assert.equal((await repo.remove("org-a", "u1"))?.version, 2);
    assert.equal(await repo.get("org-a", "u1"), null);
    assert.equal(await repo.remove("org-a", "u1"), null);
    assert.notEqual(await repo.get("org-b", "u1"), null, "the other organization's grant stays");
  });
});
