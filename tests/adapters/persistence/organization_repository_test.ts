import assert from "node:assert/strict";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import { contractSuite } from "../../support/databases.ts";

contractSuite("OrganizationRepository contract", async (t, database) => {
  const repo = new SqlOrganizationRepository(database.db);

  await t.step("create then get returns the same organization", async () => {
    const created = await repo.create({
      id: "org-a",
      name: "Acme Rentals",
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    assert.deepEqual(created, { id: "org-a", name: "Acme Rentals", createdAt: "2026-01-01T00:00:00.000Z" });
    assert.deepEqual(await repo.get("org-a"), created);
  });

  await t.step("get of an unknown id is null", async () => {
    assert.equal(await repo.get("missing"), null);
  });

  await t.step("create with an existing id is CONFLICT and keeps the original", async () => {
    await assert.rejects(
      () => repo.create({ id: "org-a", name: "Other", createdAt: "2026-02-01T00:00:00.000Z" }),
      (e) => e instanceof DomainError && e.code === "CONFLICT",
    );
    assert.equal((await repo.get("org-a"))?.name, "Acme Rentals");
  });

  await t.step("rename changes the name only; an unknown id is null", async () => {
    const renamed = await repo.rename("org-a", "Acme Rentals LLC");
    assert.deepEqual(renamed, {
      id: "org-a",
      name: "Acme Rentals LLC",
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    assert.deepEqual(await repo.get("org-a"), renamed);
    assert.equal(await repo.rename("missing", "X"), null);
    assert.equal(await repo.get("missing"), null);
  });

  await t.step("list orders by creation and pages", async () => {
    await repo.create({ id: "org-b", name: "B", createdAt: "2026-01-02T00:00:00.000Z" });
    await repo.create({ id: "org-c", name: "C", createdAt: "2026-01-03T00:00:00.000Z" });
    assert.deepEqual((await repo.list()).map((o) => o.id), ["org-a", "org-b", "org-c"]);
    assert.deepEqual((await repo.list({ limit: 1, offset: 1 })).map((o) => o.id), ["org-b"]);
  });
});
