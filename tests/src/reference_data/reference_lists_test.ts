import assert from "node:assert/strict";
import { SqlReferenceListCache } from "../../../adapters/persistence/repositories/reference_list_cache_repository.ts";
import type { AccountEntry } from "../../../domain/model/quickbooks/qbo_reference_list.ts";
import type { QuickBooksGateway } from "../../../domain/ports/quickbooks_gateway.ts";
import { REFERENCE_LIST_TTL_MS, ReferenceLists } from "../../../src/reference_data/reference_lists.ts";
import { type QboHarness, startQboHarness } from "../../support/qbo_harness.ts";
import { FixedClock } from "../../support/service.ts";

/** The harness gateway, counting the calls the lists make. */
function countingGateway(h: QboHarness) {
  const calls = { query: [] as string[], changesSince: [] as string[][] };
  const gateway: Pick<QuickBooksGateway, "query" | "changesSince"> = {
    query: (target, request) => {
      calls.query.push(request.entityName);
      return h.gateway.query(target, request);
    },
    changesSince: (target, entityNames, since) => {
      calls.changesSince.push([...entityNames]);
      return h.gateway.changesSince(target, entityNames, since);
    },
  };
  return { gateway, calls };
}

/** Reference lists over the harness's company, its QBO calls counted, on a clock the test moves. */
function countedLists(h: QboHarness) {
  const clock = new FixedClock(new Date().toISOString());
  const { gateway, calls } = countingGateway(h);
  const lists = new ReferenceLists({
    gateway,
    cache: new SqlReferenceListCache(h.database),
    clock,
    logger: h.logger,
  });
  return { lists, calls, clock };
}

async function allAccounts(lists: ReferenceLists, h: QboHarness): Promise<AccountEntry[]> {
  return [...await lists.page(h.target, "accounts", {}, null, 500)];
}

Deno.test("ReferenceLists: after the TTL, CDC brings a new and a deactivated account without reading the chart again", async () => {
  const h = await startQboHarness();
  try {
    const { lists, calls, clock } = countedLists(h);

    const first = await lists.fresh(h.target, "accounts");
    assert.equal(first.refreshed, "full");
    const before = await allAccounts(lists, h);
    assert.ok(before.length > 5);
    const checking = before.find((a) => a.account_type === "Bank" && a.active)!;
    assert.ok(checking, "the company has an active bank account");

    // Changes in QuickBooks: a new income account, the bank account deactivated.
    const raw = await h.gateway.read(h.target, "Account", checking.id);
    const outcome = await h.gateway.writeBatch(h.target, [
      {
        key: "new",
        entityName: "Account",
        operation: "create",
        payload: { Name: "Parking Income", AccountType: "Income" },
      },
      {
        key: "off",
        entityName: "Account",
        operation: "update",
        payload: { Id: checking.id, SyncToken: raw!.SyncToken, sparse: true, Active: false },
      },
    ], "reference-lists-test");
    assert.ok(outcome.results.every((r) => r.ok), JSON.stringify(outcome.results));

    // Within the TTL the cache answers as it was, without calling QuickBooks.
    clock.advance(REFERENCE_LIST_TTL_MS - 1000);
    assert.equal((await lists.fresh(h.target, "accounts")).refreshed, "cached");
    assert.equal((await allAccounts(lists, h)).some((a) => a.name === "Parking Income"), false);

    // Past it, the next read applies CDC's changes.
    clock.advance(2000);
    const second = await lists.fresh(h.target, "accounts");
    assert.equal(second.refreshed, "changes");
    const after = await allAccounts(lists, h);
    const parking = after.find((a) => a.name === "Parking Income");
    assert.equal(parking?.account_type, "Income");
    assert.equal(parking?.active, true);
    assert.equal(after.find((a) => a.id === checking.id)?.active, false, "deactivated, still listed");
    assert.equal(after.length, before.length + 1);
    assert.deepEqual(
      (await lists.page(h.target, "accounts", { active: true, kind: "Bank" }, null, 100)).map((a) => a.id)
        .includes(checking.id),
      false,
    );

    assert.deepEqual(calls.query, ["Account"], "the chart was read in full once");
    assert.deepEqual(calls.changesSince, [["Account"]], "and refreshed by one CDC call");
  } finally {
    await h.close();
  }
});

Deno.test("ReferenceLists: a webhook makes the next read check changes at once; concurrent reads share one refresh", async () => {
  const h = await startQboHarness();
  try {
    const { lists, calls } = countedLists(h);
    const reads = await Promise.all([1, 2, 3].map(() => lists.fresh(h.target, "terms")));
    assert.deepEqual(reads.map((r) => r.refreshed), ["full", "full", "full"]);
    assert.deepEqual(calls.query, ["Term"], "one full read for three concurrent callers");

    await lists.invalidate(h.realmId, ["Customer", "Term"]);
    assert.equal((await lists.fresh(h.target, "terms")).refreshed, "changes");
    assert.equal((await lists.fresh(h.target, "terms")).refreshed, "cached");
    assert.deepEqual(calls.changesSince, [["Term"]]);

    // Another realm's webhook, or one about other entities, leaves the list alone.
    await lists.invalidate("1", ["Term"]);
    await lists.invalidate(h.realmId, ["Invoice"]);
    assert.equal((await lists.fresh(h.target, "terms")).refreshed, "cached");
  } finally {
    await h.close();
  }
});

Deno.test("ReferenceLists: tax codes (no CDC) and a cursor past CDC's window are read again in full", async () => {
  const h = await startQboHarness();
  try {
    const { lists, calls, clock } = countedLists(h);
    assert.equal((await lists.fresh(h.target, "tax_codes")).refreshed, "full");
    assert.equal((await lists.fresh(h.target, "tax_codes", { maxAgeMs: 0 })).refreshed, "full");
    assert.deepEqual(calls.query, ["TaxCode", "TaxCode"]);
    assert.deepEqual(calls.changesSince, []);

    assert.equal((await lists.fresh(h.target, "classes")).refreshed, "full");
    clock.advance(30 * 24 * 3600_000);
    assert.equal((await lists.fresh(h.target, "classes")).refreshed, "full");
    assert.deepEqual(calls.changesSince, []);
  } finally {
    await h.close();
  }
});
