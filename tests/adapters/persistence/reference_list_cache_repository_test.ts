import assert from "node:assert/strict";
import { SqlReferenceListCache } from "../../../adapters/persistence/repositories/reference_list_cache_repository.ts";
import type { AccountEntry, ItemEntry } from "../../../domain/model/quickbooks/qbo_reference_list.ts";
import { contractSuite } from "../../support/databases.ts";

const ACCOUNTS = { orgId: "org-a", realmId: "9130", list: "accounts" as const };
const ITEMS = { orgId: "org-a", realmId: "9130", list: "items" as const };
const SYNC = { cursor: "2026-05-01T11:55:00.000Z", checkedAt: "2026-05-01T12:00:00.000Z" };

function account(
  id: string,
  fullyQualifiedName: string,
  overrides: Partial<AccountEntry> = {},
): AccountEntry {
  const name = fullyQualifiedName.split(":").at(-1)!;
  return {
    id,
    name,
    fully_qualified_name: fullyQualifiedName,
    active: true,
    parent_id: null,
    updated_at: "2026-05-01T04:00:00-07:00",
    account_type: "Income",
    account_sub_type: "OtherPrimaryIncome",
    classification: "Revenue",
    currency: "USD",
    account_number: null,
    ...overrides,
  };
}

const item = (id: string, name: string, type: ItemEntry["type"]): ItemEntry => ({
  id,
  name,
  fully_qualified_name: name,
  active: true,
  parent_id: null,
  updated_at: null,
  type,
  income_account_id: "10",
  expense_account_id: null,
  description: null,
  taxable: null,
});

contractSuite("SqlReferenceListCache contract", async (t, database) => {
  const cache = new SqlReferenceListCache(database);

  await t.step("a list never loaded has no sync state and no entries", async () => {
    assert.equal(await cache.syncState(ACCOUNTS), null);
    assert.deepEqual(await cache.page(ACCOUNTS, {}, null, 10), []);
  });

  await t.step(
    "replace stores the list in order (qualified name ignoring case, then id) with its state",
    async () => {
      await cache.replace(ACCOUNTS, [
        account("12", "utilities"),
        account("10", "Utilities:Water", { account_type: "Expense", parent_id: "12" }),
        account("3", "Checking", { account_type: "Bank", account_sub_type: "Checking" }),
        account("7", "Rental Income"),
        account("8", "Old Rent", { active: false }),
        account("11", "Utilities"),
      ], SYNC);
      assert.deepEqual(await cache.syncState(ACCOUNTS), SYNC);
      const all = await cache.page(ACCOUNTS, {}, null, 100);
      assert.deepEqual(all.map((e) => e.id), ["3", "8", "7", "11", "12", "10"]);
      assert.deepEqual(
        all[5],
        account("10", "Utilities:Water", { account_type: "Expense", parent_id: "12" }),
      );
    },
  );

  await t.step("page filters by active and kind and continues after a position", async () => {
    assert.deepEqual((await cache.page(ACCOUNTS, { active: false }, null, 10)).map((e) => e.id), ["8"]);
    assert.deepEqual((await cache.page(ACCOUNTS, { kind: "Bank" }, null, 10)).map((e) => e.id), ["3"]);
    assert.deepEqual(
      (await cache.page(ACCOUNTS, { active: true, kind: "Income" }, null, 10)).map((e) => e.id),
      ["7", "11", "12"],
    );
    const first = await cache.page(ACCOUNTS, {}, null, 4);
    assert.deepEqual(first.map((e) => e.id), ["3", "8", "7", "11"]);
    const rest = await cache.page(ACCOUNTS, {}, { sortKey: "utilities", id: "11" }, 4);
    assert.deepEqual(rest.map((e) => e.id), ["12", "10"], "same sort key: the id decides");
  });

  await t.step("applyChanges upserts, deactivates and removes entries and moves the cursor", async () => {
    const next = { cursor: "2026-05-01T12:04:59.000Z", checkedAt: "2026-05-01T12:06:00.000Z" };
    await cache.applyChanges(ACCOUNTS, {
      upserts: [
        account("20", "Pet Fee Income", { updated_at: "2026-05-01T05:01:00-07:00" }),
        account("7", "Rental Income", { active: false, updated_at: "2026-05-01T05:02:00-07:00" }),
      ],
      removedIds: ["12", "404"],
    }, next);
    assert.deepEqual(await cache.syncState(ACCOUNTS), next);
    const all = await cache.page(ACCOUNTS, {}, null, 100);
    assert.deepEqual(all.map((e) => [e.id, e.active]), [
      ["3", true],
      ["8", false],
      ["20", true],
      ["7", false],
      ["11", true],
      ["10", true],
    ]);
  });

  await t.step("applyChanges never replaces an entry with an older version of it", async () => {
    // Same instant written with another offset, then an older one: only newer-or-equal wins.
    await cache.applyChanges(ACCOUNTS, {
      upserts: [account("7", "Rental Income", { active: true, updated_at: "2026-05-01T11:01:00Z" })],
      removedIds: [],
    }, SYNC);
    const [seven] = await cache.findByIds(ACCOUNTS, ["7"]);
    assert.equal(seven.active, false, "12:02Z stays over 11:01Z");
    await cache.applyChanges(ACCOUNTS, {
      upserts: [account("7", "Rental Income", { active: true, updated_at: "2026-05-01T12:02:00Z" })],
      removedIds: [],
    }, SYNC);
    assert.equal((await cache.findByIds(ACCOUNTS, ["7"]))[0].active, true);
  });

  await t.step("findByIds answers the entries it has, any order of ids, no duplicates", async () => {
    const found = await cache.findByIds(ACCOUNTS, ["10", "404", "3", "10"]);
    assert.deepEqual(found.map((e) => e.id).sort(), ["10", "3"]);
  });

  await t.step("lists, realms and organizations never see each other's entries", async () => {
    await cache.replace(ITEMS, [item("1", "Rent", "Service"), item("2", "Kit", "Group")], SYNC);
    assert.deepEqual((await cache.page(ITEMS, { kind: "Service" }, null, 10)).map((e) => e.id), ["1"]);
    assert.equal((await cache.findByIds(ITEMS, ["3"])).length, 0, "account 3 is not an item");
    const other = { ...ACCOUNTS, orgId: "org-b" };
    assert.equal(await cache.syncState(other), null);
    assert.deepEqual(await cache.page(other, {}, null, 10), []);
    assert.deepEqual(await cache.page({ ...ACCOUNTS, realmId: "9131" }, {}, null, 10), []);
  });

  await t.step("replace drops what the new full read no longer has", async () => {
    await cache.replace(ITEMS, [item("2", "Kit", "Group")], SYNC);
    assert.deepEqual((await cache.page(ITEMS, {}, null, 10)).map((e) => e.id), ["2"]);
  });

  await t.step("markStale clears checked_at of the realm's named lists for every organization", async () => {
    const orgB = { ...ACCOUNTS, orgId: "org-b" };
    await cache.replace(orgB, [account("1", "Rent")], SYNC);
    const otherRealm = { ...ACCOUNTS, realmId: "9131" };
    await cache.replace(otherRealm, [account("1", "Rent")], SYNC);
    await cache.markStale("9130", ["accounts"]);
    assert.deepEqual(await cache.syncState(ACCOUNTS), { cursor: SYNC.cursor, checkedAt: null });
    assert.deepEqual(await cache.syncState(orgB), { cursor: SYNC.cursor, checkedAt: null });
    assert.deepEqual(await cache.syncState(ITEMS), SYNC, "another list keeps its state");
    assert.deepEqual(await cache.syncState(otherRealm), SYNC, "another realm keeps its state");
    await cache.markStale("9130", []);
  });

  await t.step(
    "the order is plain code-unit order on every database (spaces and punctuation count)",
    async () => {
      const scope = { ...ACCOUNTS, orgId: "org-order" };
      await cache.replace(scope, [
        account("1", "ab"),
        account("2", "a-c"),
        account("3", "a b"),
        account("4", "Ä"),
      ], SYNC);
      assert.deepEqual((await cache.page(scope, {}, null, 10)).map((e) => e.name), ["a b", "a-c", "ab", "Ä"]);
    },
  );

  await t.step("a long list is written and paged whole", async () => {
    const many = Array.from(
      { length: 450 },
      (_, i) => account(String(1000 + i), `Account ${String(i).padStart(3, "0")}`),
    );
    const scope = { ...ACCOUNTS, orgId: "org-many" };
    await cache.replace(scope, many, SYNC);
    const seen: string[] = [];
    let after = null;
    for (;;) {
      const page = await cache.page(scope, {}, after, 200);
      seen.push(...page.map((e) => e.id));
      if (page.length < 200) break;
      const last = page[page.length - 1];
      after = { sortKey: last.fully_qualified_name.toLowerCase(), id: last.id };
    }
    assert.deepEqual(seen, many.map((e) => e.id));
  });
});
