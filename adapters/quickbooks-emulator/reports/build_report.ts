import { buildAgedReceivables } from "./aged_receivables.ts";
import { buildBalanceSheet } from "./balance_sheet.ts";
import { buildProfitAndLoss } from "./profit_and_loss.ts";
import { ReportError } from "./report_error.ts";
import type { ReportInput, ReportParams } from "./report_input.ts";

/** The reports the emulator serves, by QBO's path name. */
const BUILDERS: Record<string, (params: ReportParams, input: ReportInput) => Record<string, unknown>> = {
  ProfitAndLoss: buildProfitAndLoss,
  BalanceSheet: buildBalanceSheet,
  AgedReceivables: buildAgedReceivables,
};

export const SUPPORTED_REPORTS: readonly string[] = Object.freeze(Object.keys(BUILDERS));

/**
 * Builds `GET /v3/company/{realmId}/reports/{name}?params` as QBO answers it (`{Header, Columns, Rows}`).
 * The name matches case-insensitively; unknown names raise ReportError 2000, bad dates 2070 and
 * out-of-range enumerations 2170.
 *
 * @example
 * ```ts
 * buildReport("ProfitAndLoss", { start_date: "2026-01-01", end_date: "2026-03-31" }, input).Header;
 * ```
 */
export function buildReport(name: string, params: ReportParams, input: ReportInput): Record<string, unknown> {
  const canonical = SUPPORTED_REPORTS.find((r) => r.toLowerCase() === name.toLowerCase());
  if (!canonical) throw new ReportError("2000", `Report ${name} is not supported`);
  return BUILDERS[canonical](params, input);
}
