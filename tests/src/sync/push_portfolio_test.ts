import assert from "node:assert/strict";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { dyingGateway } from "../../support/dying_gateway.ts";
import { withWriteBatch } from "../../support/intercepted_gateway.ts";
import { startQboHarness } from "../../support/qbo_harness.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../../src/demo/sample_portfolio.ts";
import { decimalToCents } from "../../../domain/shared/money.ts";

const NOW = "2026-04-01T00:00:00.000Z";

Deno.test("pushPortfolio lands a portfolio in the emulated QBO once; a second push writes nothing", async () => {
  const h = await startQboHarness();
  try {
    const records = samplePortfolio({ properties: 2, unitsPerProperty: 3, months: 2 });
    await h.mirror.upsertMany("org-1", records, NOW);
    await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
    const deps = { ...h, clock: { now: () => new Date(NOW) } };

    const first = await pushPortfolio(deps, h.target);
    assert.deepEqual(first.errors, []);
    assert.deepEqual(first.failed, []);
    assert.deepEqual(first.blocked, []);
    assert.ok(
      first.adopted >= 3,
      "the emulator's own Rent/Late Fee/Security Deposit items are adopted, not duplicated",
    );

    const invoices = await h.gateway.query(h.target, { entityName: "Invoice" });
    assert.equal(invoices.length, 6 * 2, "one invoice per lease per billing period");
    const january = invoices.filter((i) => String(i.TxnDate).startsWith("2026-01"));
    assert.equal(january.length, 6);
    for (const invoice of january) {
      const lines = (invoice.Line as { DetailType: string }[]).filter((l) =>
        l.DetailType === "SalesItemLineDetail"
      );
      assert.equal(lines.length, 2, "January bills rent and the security deposit on one invoice");
    }
    const customers = await h.gateway.query(h.target, { entityName: "Customer" });
    assert.equal(customers.length, 6);

    // A/R per tenant equals charges minus cleared payments (tenant 3's January check bounced).
    const charges = records.filter((r) => r.recordType === "charge");
    const payments = records.filter((r) => r.recordType === "payment");
    for (const tenant of records.filter((r) => r.recordType === "tenant")) {
      const owed = charges.filter((c) => c.data.tenant_id === tenant.recordId)
        .reduce((s, c) => s + (c.data.amount as { cents: number }).cents, 0);
      const paid = payments.filter((p) => p.data.tenant_id === tenant.recordId && p.data.status === "cleared")
        .reduce((s, p) => s + (p.data.amount as { cents: number }).cents, 0);
      const link = await h.links.get("org-1", h.realmId, "Customer", tenant.recordId);
      const customer = customers.find((c) => c.Id === link?.qboId)!;
      assert.equal(decimalToCents(customer.Balance as number), owed - paid, `balance of ${tenant.recordId}`);
    }

    const writesBefore = h.calls.writes;
    const second = await pushPortfolio(deps, h.target);
    assert.equal(second.writes, 0);
    assert.equal(h.calls.writes, writesBefore, "no write call at all on an unchanged portfolio");
  } finally {
    await h.close();
  }
});

Deno.test("pushPortfolio after a crash that lost QBO's answers never duplicates and ends like a clean run", async () => {
  const h = await startQboHarness();
  try {
    const records = samplePortfolio({ properties: 2, unitsPerProperty: 4, months: 3 });
    await h.mirror.upsertMany("org-1", records, NOW);
    await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
    const deps = { ...h, clock: { now: () => new Date(NOW) } };

    // The process "dies" right after QBO executed its 3rd batch, then again on the next run after its
    // 1st: QBO has the objects,
    // the service never stored the links.
    for (const dieAfter of [3, 1]) {
      const crashing = dyingGateway(h.gateway, dieAfter, "process killed");
      await assert.rejects(
        pushPortfolio({ ...deps, gateway: crashing }, h.target),
        (e) => e instanceof Error && e.message === "process killed",
      );
    }
    const final = await pushPortfolio(deps, h.target);
    assert.deepEqual(final.failed, []);
    assert.deepEqual(final.blocked, []);

    const count = async (entityName: string) => (await h.gateway.query(h.target, { entityName })).length;
    assert.equal(await count("Customer"), 8, "one customer per tenant");
    assert.equal(await count("Invoice"), 8 * 3, "one invoice per lease per month");
    const cleared = records.filter((r) => r.recordType === "payment" && r.data.status === "cleared").length;
    assert.equal(await count("Payment"), cleared, "every cleared payment exactly once");
    assert.equal(await count("Class"), 2);

    const again = await pushPortfolio(deps, h.target);
    assert.equal(again.writes, 0, "nothing left to write after recovery");
  } finally {
    await h.close();
  }
});

Deno.test("pushPortfolio: the requestid QBO receives for each batch is the one the domain planned", async () => {
  const h = await startQboHarness();
  try {
    const records = samplePortfolio({ properties: 1, unitsPerProperty: 2, months: 1 });
    await h.mirror.upsertMany("org-1", records, NOW);
    await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
    const planned: string[] = [];
    const gateway = withWriteBatch(h.gateway, (t, items, requestId) => {
      planned.push(requestId);
      return h.gateway.writeBatch(t, items, requestId);
    });

    const report = await pushPortfolio({ ...h, gateway, clock: { now: () => new Date(NOW) } }, h.target);

    assert.deepEqual(report.failed, []);
    assert.ok(planned.length > 1);
    assert.deepEqual(
      h.calls.batchRequestIds,
      planned,
      "sent as the planner's batchRequestId, not hashed again",
    );
    for (const id of planned) assert.match(id, /^b-[0-9a-f]{32}$/);
  } finally {
    await h.close();
  }
});

Deno.test("pushPortfolio reports its total before the first write and never changes it across rounds", async () => {
  const h = await startQboHarness();
  try {
    const records = samplePortfolio({ properties: 2, unitsPerProperty: 3, months: 2 });
    await h.mirror.upsertMany("org-1", records, NOW);
    await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
    const deps = { ...h, clock: { now: () => new Date(NOW) } };
    const snapshots: { total: number; done: number; failed: number; skipped: number }[] = [];

    const report = await pushPortfolio(deps, h.target, {
      onProgress: ({ total, done, failed, skipped }) => {
        snapshots.push({ total, done, failed, skipped });
      },
    });

    assert.ok(report.rounds > 1, "the portfolio needs several rounds (lists, names, transactions)");
    assert.equal(snapshots[0].done, 0, "the first snapshot comes before any write");
    const total = snapshots[0].total;
    assert.ok(total > 0);
    for (const s of snapshots) {
      assert.equal(s.total, total, `total constant from the first snapshot: ${JSON.stringify(snapshots)}`);
      assert.ok(s.done + s.failed + s.skipped <= s.total);
    }
    const last = snapshots.at(-1)!;
    assert.equal(last.done + last.failed + last.skipped, last.total, "the last snapshot adds up");
    assert.deepEqual(report.progress, { ...report.progress, ...last });
  } finally {
    await h.close();
  }
});

Deno.test("pushPortfolio retries a write QBO refused for a stale SyncToken (QB005) with the current token, next round", async () => {
  const h = await startQboHarness();
  try {
    const records = samplePortfolio({ properties: 1, unitsPerProperty: 2, months: 1 });
    await h.mirror.upsertMany("org-1", records, NOW);
    await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
    const deps = { ...h, clock: { now: () => new Date(NOW) } };
    await pushPortfolio(deps, h.target);
    const tenant = records.find((r) => r.recordType === "tenant")!;
    const link = (await h.links.get("org-1", h.realmId, "Customer", tenant.recordId))!;
    const before = (await h.gateway.read(h.target, "Customer", link.qboId))!;
    const edit = await h.gateway.writeBatch(h.target, [{
      key: "e",
      entityName: "Customer",
      operation: "update",
      payload: { Id: link.qboId, SyncToken: before.SyncToken, sparse: true, Notes: "called in QBO" },
    }], "edit-in-qbo-stale");
    assert.ok(edit.results[0].ok, "QBO's copy moved on: the stored SyncToken is stale now");
    await h.mirror.upsertMany(
      "org-1",
      [{ ...tenant, data: { ...tenant.data, email: "new@example.com" } }],
      NOW,
    );

    const batchesBefore = h.calls.batches;
    const push = await pushPortfolio(deps, h.target);
    assert.deepEqual(push.failed, [], "a stale token is no refusal");
    assert.deepEqual(
      [push.writes, push.updated, push.rounds],
      [1, 1, 3],
      "refused in round 1, written with the fresh token in round 2, nothing left to plan in round 3",
    );
    assert.equal(push.writeCalls, 2);
    assert.equal(h.calls.batches - batchesBefore, push.writeCalls);
    const after = (await h.gateway.read(h.target, "Customer", link.qboId))!;
    assert.equal((after.PrimaryEmailAddr as { Address: string }).Address, "new@example.com");
    assert.equal(after.Notes, "called in QBO", "the sparse update leaves QBO's own edit alone");
    const relinked = (await h.links.get("org-1", h.realmId, "Customer", tenant.recordId))!;
    assert.equal(relinked.syncToken, String(after.SyncToken));
    assert.equal((await pushPortfolio(deps, h.target)).writes, 0);
  } finally {
    await h.close();
  }
});
