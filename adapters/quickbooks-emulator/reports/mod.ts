/**
 * QBO reports for the emulator (ProfitAndLoss, BalanceSheet, AgedReceivables), computed in integer
 * cents from the ledger the accounting core hands over. Pure: the clock arrives in `input.now`.
 */
export { buildReport, SUPPORTED_REPORTS } from "./build_report.ts";
export { ReportError, type ReportErrorCode } from "./report_error.ts";
export type { ReportInput, ReportParams } from "./report_input.ts";
export { SUPPORTED_DATE_MACROS } from "./report_period.ts";
export { SUMMARIZE_BY, type SummarizeBy } from "./report_columns.ts";
