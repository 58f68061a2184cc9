import assert from "node:assert/strict";
import { reconcilerFor, runReconciliation } from "../../../src/reconciliation/run_reconciliation.ts";
import { syncedPortfolio } from "./reconciliation_fixture.ts";

Deno.test({
  name: "runReconciliation: a freshly synced portfolio reconciles at 100% and the report is stored",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { h, deps } = await syncedPortfolio();
    try {
      const { report, ledgers } = await runReconciliation(deps, "org-1", {
        from: "2026-01-01",
        to: "2026-03-31",
      });
      assert.deepEqual(report.discrepancies, []);
      assert.equal(report.score.byCount, 100);
      assert.equal(report.score.byAmount, 100);
      assert.ok(report.totals.estatecore.count > 20);
      assert.equal(report.totals.estatecore.count, report.totals.quickbooks.count);
      assert.equal(report.totals.matched.count, report.totals.estatecore.count);
      const kinds = new Set(ledgers.quickbooks.map((r) => r.kind));
      assert.deepEqual([...kinds].sort(), ["bill", "deposit_liability", "expense", "invoice", "payment"]);
      const deposits = ledgers.quickbooks.filter((r) => r.kind === "deposit_liability" && r.amountCents > 0);
      assert.equal(deposits.length, 4, "one deposit per tenant, split off the January invoice");
      assert.ok(deposits.every((d) => d.postedTo === "liability"));
      assert.deepEqual(await deps.reports.get("org-1", report.id), report);

      const scheduled = await reconcilerFor(deps)("org-1", { periodDays: 90 });
      assert.deepEqual(scheduled, { reportId: "rec-2", integrityScore: 100, discrepanciesFound: 0 });
    } finally {
      await h.close();
    }
  },
});
