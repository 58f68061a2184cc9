import type { MoneyColumn } from "./report_columns.ts";

/**
 * `Header` and `Columns` of a report, in QBO's field order. Filters that were applied are echoed
 * (`"Customer": "1"` as recorded); `Time` is the emulator clock in UTC.
 */
export interface HeaderSpec {
  readonly reportName: string;
  readonly now: Date;
  readonly dateMacro?: string;
  readonly reportBasis?: "Accrual" | "Cash";
  readonly startPeriod: string;
  readonly endPeriod: string;
  readonly summarizeColumnsBy?: string;
  readonly filters: Readonly<Record<string, string>>;
  readonly noReportData: boolean;
  readonly extraOptions?: readonly { Name: string; Value: string }[];
}

export function reportTime(now: Date): string {
  return `${now.toISOString().slice(0, 19)}+00:00`;
}

export function reportHeader(spec: HeaderSpec): Record<string, unknown> {
  return {
    Time: reportTime(spec.now),
    ReportName: spec.reportName,
    ...(spec.dateMacro !== undefined ? { DateMacro: spec.dateMacro } : {}),
    ...(spec.reportBasis !== undefined ? { ReportBasis: spec.reportBasis } : {}),
    StartPeriod: spec.startPeriod,
    EndPeriod: spec.endPeriod,
    ...(spec.summarizeColumnsBy !== undefined ? { SummarizeColumnsBy: spec.summarizeColumnsBy } : {}),
    Currency: "USD",
    ...spec.filters,
    Option: [
      ...(spec.extraOptions ?? [{ Name: "AccountingStandard", Value: "GAAP" }]),
      { Name: "NoReportData", Value: String(spec.noReportData) },
    ],
  };
}

/** Columns of an account-by-money report: the account column, then one per money column. */
export function accountColumns(columns: readonly MoneyColumn[]): Record<string, unknown> {
  return {
    Column: [
      { ColTitle: "", ColType: "Account", MetaData: [{ Name: "ColKey", Value: "account" }] },
      ...columns.map((c) => ({
        ColTitle: c.title,
        ColType: "Money",
        MetaData: c.metaData.map((m) => ({ ...m })),
      })),
    ],
  };
}
