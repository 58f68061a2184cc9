import assert from "node:assert/strict";
import { SqlAccountMappingRepository } from "../../../adapters/persistence/repositories/account_mapping_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const T1 = "2026-05-01T12:00:00.000Z";
const T2 = "2026-05-01T13:00:00.000Z";

contractSuite("SqlAccountMappingRepository contract", async (t, database) => {
  const repo = new SqlAccountMappingRepository(database);

  await t.step("get of an organization without a mapping is empty", async () => {
    const stored = await repo.get("org-a");
    assert.deepEqual(stored.mapping, {
      organization_id: "org-a",
      defaults: { accounts: {}, expense_accounts: {} },
      property_overrides: {},
    });
    assert.equal(stored.defaultsRevision, null);
  });

  await t.step("putDefaults and putPropertyOverride store parts; rewriting bumps the version", async () => {
    const first = await repo.putDefaults(
      "org-a",
      { accounts: { rental_income: "79" }, expense_accounts: {} },
      T1,
    );
    assert.deepEqual(first, { version: 1, updatedAt: T1 });
    const second = await repo.putDefaults(
      "org-a",
      { accounts: { rental_income: "79", accounts_receivable: "84" }, expense_accounts: { utilities: "61" } },
      T2,
    );
    assert.deepEqual(second, { version: 2, updatedAt: T2 });
    await repo.putPropertyOverride("org-a", "prop-2", {
      accounts: { rental_income: "80" },
      expense_accounts: {},
      item_label: "Oak Plaza",
    }, T1);
    const stored = await repo.get("org-a");
    assert.deepEqual(stored.mapping.defaults, {
      accounts: { rental_income: "79", accounts_receivable: "84" },
      expense_accounts: { utilities: "61" },
    });
    assert.deepEqual(stored.mapping.property_overrides, {
      "prop-2": { accounts: { rental_income: "80" }, expense_accounts: {}, item_label: "Oak Plaza" },
    });
    assert.deepEqual(stored.overrideRevisions, { "prop-2": { version: 1, updatedAt: T1 } });
  });

  await t.step("another organization never sees org A's mapping", async () => {
    const other = await repo.get("org-b");
    assert.deepEqual(other.mapping.defaults.accounts, {});
    assert.deepEqual(other.mapping.property_overrides, {});
  });

  await t.step("deletePropertyOverride removes one override, never the defaults", async () => {
    assert.equal(await repo.deletePropertyOverride("org-a", "prop-2"), true);
    assert.equal(await repo.deletePropertyOverride("org-a", "prop-2"), false);
    assert.equal(await repo.deletePropertyOverride("org-a", ""), false);
    assert.equal((await repo.get("org-a")).mapping.defaults.accounts.rental_income, "79");
  });

  await t.step("concurrent putDefaults each get their own version", async () => {
    const revisions = await Promise.all(
      Array.from(
        { length: 6 },
        (_, i) =>
          repo.putDefaults("org-c", { accounts: { rental_income: `${i}` }, expense_accounts: {} }, T1),
      ),
    );
    assert.deepEqual(revisions.map((r) => r.version).sort(), [1, 2, 3, 4, 5, 6]);
  });
});
