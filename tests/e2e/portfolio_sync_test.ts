/**
 * A 500-tenant portfolio with a year of activity through the real adapter into the emulator: QBO's
 * books must say what the EstateCore records imply (A/R per tenant, deposit liability and rental
 * income per property from QBO's own reports by class), a second sync writes nothing, and a run
 * through a storm of 503s, 429s and dropped connections with the process killed twice ends with
 * books identical to a clean run's.
 */
import assert from "node:assert/strict";
import { pushPortfolio } from "../../src/sync/push_portfolio.ts";
import { decimalToCents } from "../../domain/shared/money.ts";
import { dyingGateway } from "../support/dying_gateway.ts";
import { startQboHarness } from "../support/qbo_harness.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../src/demo/sample_portfolio.ts";
import {
  booksSnapshot,
  expectedByProperty,
  expectedDepositLiability,
  expectedReceivables,
  reportByClass,
} from "../support/books.ts";

const NOW = "2026-12-31T00:00:00.000Z";

async function loaded(shape: Parameters<typeof samplePortfolio>[0], faultStorm = false) {
  const h = await startQboHarness({ faultStorm });
  const records = samplePortfolio(shape);
  for (let i = 0; i < records.length; i += 2000) {
    await h.mirror.upsertMany("org-1", records.slice(i, i + 2000), NOW);
  }
  if (faultStorm) {
    await h.mappings.putDefaults(
      "org-1",
      await emulatorAccountMapping((n) => h.accountId(n)),
      NOW,
    );
  } else await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
  return { h, records, deps: { ...h, clock: { now: () => new Date(NOW) } } };
}

Deno.test({
  name: "portfolio sync: 500 tenants and a year of activity land in QBO exactly as the records imply",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { h, records, deps } = await loaded({
      properties: 10,
      unitsPerProperty: 50,
      months: 12,
      bills: true,
      moveOut: true,
    });
    try {
      const started = performance.now();
      const report = await pushPortfolio(deps, h.target);
      const seconds = (performance.now() - started) / 1000;
      assert.deepEqual(report.failed, []);
      assert.deepEqual(report.errors, []);
      assert.deepEqual(report.blocked, []);
      const synced = report.writes + report.adopted;
      assert.equal(
        report.writeCalls,
        h.calls.batches,
        "the push counts the batch calls the gateway says it sent",
      );
      console.log(
        `500 tenants: ${records.length} records, ${report.writes} writes in ${h.calls.writes} write calls ` +
          `(${(h.calls.writes / synced).toFixed(3)} per synced object), ${seconds.toFixed(1)} s`,
      );

      const expectedAr = expectedReceivables(records);
      const customers = await h.gateway.query(h.target, { entityName: "Customer" });
      assert.equal(customers.length, 500);
      const links = await h.links.listForRealm("org-1", h.realmId);
      const tenantOf = new Map(
        links.filter((l) => l.entityType === "Customer").map((l) => [l.qboId, l.recordId]),
      );
      for (const c of customers) {
        const tenant = tenantOf.get(String(c.Id))!;
        assert.equal(decimalToCents(c.Balance as number), expectedAr.get(tenant), `A/R of ${tenant}`);
      }

      const income = await reportByClass(h.gateway, h.target, "ProfitAndLoss", "Rental Income", {
        start_date: "2026-01-01",
        end_date: "2026-12-31",
      });
      assert.deepEqual(
        income,
        expectedByProperty(records, "rent"),
        "rental income per property (P&L by class)",
      );
      const deposits = await reportByClass(
        h.gateway,
        h.target,
        "BalanceSheet",
        "Security Deposits Liability",
        {
          start_date: "2026-01-01",
          end_date: "2026-12-31",
        },
      );
      assert.deepEqual(
        deposits,
        expectedDepositLiability(records),
        "deposit liability per property, net of the move-out",
      );
      // The move-out's unpaid December rent is paid from the deposit: the journal entry's A/R credit is
      // applied to the invoice by a $0 payment, so the invoice is closed, not just offset on the customer.
      const leaving = links.find((l) => l.entityType === "Customer" && l.recordId === "ten_1_1")!.qboId;
      const december = (await h.gateway.query(h.target, { entityName: "Invoice" })).filter((i) =>
        (i.CustomerRef as { value: string }).value === leaving && i.TxnDate === "2026-12-01"
      );
      assert.equal(december.length, 1);
      assert.equal(Number(december[0].Balance), 0, "the move-out's last invoice is paid by the deposit");
      const applications = (await h.gateway.query(h.target, { entityName: "Payment" }))
        .filter((p) => Number(p.TotalAmt) === 0 && JSON.stringify(p.Line).includes('"JournalEntry"'));
      assert.equal(applications.length, 1);
      const bills = await h.gateway.query(h.target, { entityName: "Bill" });
      assert.equal(bills.length, 10 * 12);
      assert.ok(bills.every((b) => Number(b.Balance) === 0), "every bill is paid by its BillPayment");

      const writes = h.calls.writes;
      const again = await pushPortfolio(deps, h.target);
      assert.equal(again.writes, 0);
      assert.equal(h.calls.writes, writes, "a second sync with no changes makes zero write calls");
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name:
    "portfolio sync: 503s, 429s, dropped connections and two killed runs end with the books of a clean run",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const shape = { properties: 4, unitsPerProperty: 25, months: 3, bills: true, moveOut: true };
    const clean = await loaded(shape);
    let cleanBooks;
    try {
      await pushPortfolio(clean.deps, clean.h.target);
      cleanBooks = await booksSnapshot(clean.h.gateway, clean.h.target);
    } finally {
      await clean.h.close();
    }

    const stormy = await loaded(shape, true);
    try {
      const g = stormy.h.gateway;
      for (const dieAfter of [2, 3]) {
        const dying = dyingGateway(g, dieAfter, "worker killed");
        await assert.rejects(
          pushPortfolio({ ...stormy.deps, gateway: dying }, stormy.h.target),
          (e) => e instanceof Error && e.message === "worker killed",
        );
      }
      const final = await pushPortfolio(stormy.deps, stormy.h.target);
      assert.deepEqual(final.failed, []);
      assert.ok(stormy.h.emulator.faults.describe(), "faults were armed during the run");
      const books = await booksSnapshot(g, stormy.h.target);
      assert.deepEqual(books, cleanBooks);
      assert.equal((await pushPortfolio(stormy.deps, stormy.h.target)).writes, 0);
    } finally {
      await stormy.h.close();
    }
  },
});
