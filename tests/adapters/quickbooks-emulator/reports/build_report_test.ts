import assert from "node:assert/strict";
import {
  buildReport,
  ReportError,
  SUPPORTED_REPORTS,
} from "../../../../adapters/quickbooks-emulator/reports/mod.ts";
import { buildProfitAndLoss } from "../../../../adapters/quickbooks-emulator/reports/profit_and_loss.ts";
import { cellsByLabel, columnTitles, rentalLedger } from "./rental_ledger_fixture.ts";

function reportError(fn: () => unknown): { code: string; message: string; detail: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReportError) {
      const fault = e.toFaultError();
      return { code: fault.code, message: fault.Message, detail: fault.Detail };
    }
    throw e;
  }
  throw new assert.AssertionError({ message: "expected a ReportError" });
}

Deno.test("buildReport serves the three reports by name, case-insensitively", () => {
  assert.deepEqual([...SUPPORTED_REPORTS], ["ProfitAndLoss", "BalanceSheet", "AgedReceivables"]);
  const params = { start_date: "2026-01-01", end_date: "2026-02-28" };
  assert.deepEqual(
    buildReport("profitandloss", params, rentalLedger()),
    buildProfitAndLoss(params, rentalLedger()),
  );
  for (const name of SUPPORTED_REPORTS) {
    const report = buildReport(name, params, rentalLedger());
    assert.deepEqual(Object.keys(report), ["Header", "Columns", "Rows"]);
    assert.equal((report.Header as Record<string, unknown>).ReportName, name);
  }
});

Deno.test("buildReport rejects an unknown report with 2000", () => {
  assert.deepEqual(reportError(() => buildReport("CashFlowForecast", {}, rentalLedger())), {
    code: "2000",
    message: "Invalid report name",
    detail: "Report CashFlowForecast is not supported",
  });
});

Deno.test("buildReport rejects unsupported enumerations with 2170", () => {
  assert.equal(
    reportError(() => buildReport("ProfitAndLoss", { accounting_method: "Magic" }, rentalLedger())).code,
    "2170",
  );
  assert.deepEqual(
    reportError(() => buildReport("BalanceSheet", { summarize_column_by: "Weeks" }, rentalLedger())),
    {
      code: "2170",
      message: "Invalid Enumeration",
      detail: "Unsupported summarize_column_by: Weeks",
    },
  );
});

Deno.test("buildReport summarizes by Quarter and Year", () => {
  const params = { start_date: "2025-11-15", end_date: "2026-02-28" };
  const quarters = buildReport(
    "ProfitAndLoss",
    { ...params, summarize_column_by: "Quarter" },
    rentalLedger(),
  );
  assert.deepEqual(columnTitles(quarters), ["", "Oct - Dec 2025", "Jan - Mar 2026", "Total"]);
  const years = buildReport("ProfitAndLoss", { ...params, summarize_column_by: "year" }, rentalLedger());
  assert.deepEqual(columnTitles(years), ["", "2025", "2026", "Total"]);
  assert.deepEqual(cellsByLabel(years).get("Net Income"), ["0.00", "4834.58", "4834.58"]);
});

Deno.test("buildReport P&L by Customers names customer columns", () => {
  const report = buildReport(
    "ProfitAndLoss",
    { start_date: "2026-01-01", end_date: "2026-02-28", summarize_column_by: "Customers" },
    rentalLedger(),
  );
  assert.deepEqual(columnTitles(report), [
    "",
    "Alice Tenant",
    "Bob Tenant",
    "Carol Tenant",
    "Not Specified",
    "TOTAL",
  ]);
  assert.deepEqual(cellsByLabel(report).get("Rental Income"), [
    "3000.00",
    "1200.00",
    "999.99",
    "0.00",
    "5199.99",
  ]);
});
