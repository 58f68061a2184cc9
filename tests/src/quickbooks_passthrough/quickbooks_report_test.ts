import assert from "node:assert/strict";
import { DomainError } from "../../../domain/errors.ts";
import { quickBooksReport } from "../../../src/quickbooks_passthrough/quickbooks_report.ts";
import { ADMIN, startPassThroughStack } from "./passthrough_stack.ts";

Deno.test({
  sanitizeResources: false,
  sanitizeOps: false,
  name: "quickBooksReport: QBO's report with its parameters; another report's parameter is refused unsent",
  async fn() {
    const { deps, h, close } = await startPassThroughStack();
    try {
      const report = await quickBooksReport(deps, { ...ADMIN, role: "service" }, {
        report: "ProfitAndLoss",
        params: { start_date: "2026-01-01", end_date: "2026-03-31", summarize_column_by: "Month" },
      });
      const header = report.report.Header as Record<string, unknown>;
      assert.equal(header.ReportName, "ProfitAndLoss");
      assert.equal(header.StartPeriod, "2026-01-01");
      assert.equal(header.SummarizeColumnsBy, "Month");
      const before = h.calls.total;
      await assert.rejects(
        quickBooksReport(deps, ADMIN, { report: "BalanceSheet", params: { report_date: "2026-03-31" } }),
        (error: unknown) => error instanceof DomainError && error.code === "VALIDATION_FAILED",
      );
      assert.equal(h.calls.total, before);
    } finally {
      await close();
    }
  },
});
