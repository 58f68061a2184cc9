import { dateOfInstant, daysBetween } from "../../../domain/shared/calendar_date.ts";
import { ReportError } from "./report_error.ts";
import { reportHeader } from "./report_header.ts";
import type { ReportInput, ReportParams } from "./report_input.ts";
import { checkedDate, resolveReportPeriod } from "./report_period.ts";
import { dataRow, type ReportRow, sectionRow, sumColumns } from "./report_rows.ts";

/**
 * AgedReceivables (A/R aging summary): open balances per customer in buckets by days past due at
 * `report_date` (default: today on the emulator clock; a `date_macro` uses its end date):
 * Current (not yet due, or due on the report date) | 1 - 30 | 31 - 60 | 61 - 90 | 91 and over | Total.
 * Documents dated after the report date are left out. Balances are the documents' current open
 * balances: the emulator does not reconstruct what was open on a past date. The `customer` filter
 * applies; `department` is accepted but ignored (open documents carry no department).
 * `aging_method=Current` ages against today instead of the report date.
 */
const BUCKETS = [
  { title: "Current", key: "current" },
  { title: "1 - 30", key: "0" },
  { title: "31 - 60", key: "1" },
  { title: "61 - 90", key: "2" },
  { title: "91 and over", key: "3" },
] as const;

function bucketOf(daysPastDue: number): number {
  if (daysPastDue <= 0) return 0;
  if (daysPastDue <= 30) return 1;
  if (daysPastDue <= 60) return 2;
  if (daysPastDue <= 90) return 3;
  return 4;
}

export function buildAgedReceivables(params: ReportParams, input: ReportInput): Record<string, unknown> {
  const today = dateOfInstant(input.now);
  const reportDate = params.report_date
    ? checkedDate("report_date", params.report_date)
    : params.date_macro
    ? resolveReportPeriod({ date_macro: params.date_macro }, input.now, "Today").end
    : today;
  const agingMethod = (params.aging_method ?? "Report_Date").toLowerCase();
  if (agingMethod !== "report_date" && agingMethod !== "current") {
    throw new ReportError("2170", `Unsupported aging_method: ${params.aging_method}`);
  }
  const agedAt = agingMethod === "current" ? today : reportDate;
  const customers = params.customer ? new Set(params.customer.split(",").map((s) => s.trim())) : undefined;

  const byCustomer = new Map<string, { name: string; cells: number[] }>();
  for (const doc of input.openReceivables) {
    if (doc.txnDate > reportDate || doc.balanceCents === 0) continue;
    if (customers && !customers.has(doc.customerId)) continue;
    let entry = byCustomer.get(doc.customerId);
    if (!entry) {
      byCustomer.set(doc.customerId, entry = { name: doc.customerName, cells: new Array(6).fill(0) });
    }
    entry.cells[bucketOf(daysBetween(doc.dueDate, agedAt))] += doc.balanceCents;
    entry.cells[5] += doc.balanceCents;
  }
  const entries = [...byCustomer.entries()]
    .filter(([, e]) => e.cells[5] !== 0 || e.cells.some((c) => c !== 0))
    .sort(([idA, a], [idB, b]) => a.name.localeCompare(b.name) || idA.localeCompare(idB));
  const rows: ReportRow[] = entries.map(([id, e]) => dataRow(e.name, id, e.cells));
  const noReportData = rows.length === 0;
  rows.push(
    sectionRow({
      group: "GrandTotal",
      summaryTitle: "TOTAL",
      rows: [],
      totals: sumColumns(6, entries.map(([, e]) => e.cells)),
      blank: noReportData,
    }),
  );

  return {
    Header: reportHeader({
      reportName: "AgedReceivables",
      now: input.now,
      dateMacro: params.date_macro?.toLowerCase(),
      startPeriod: reportDate,
      endPeriod: reportDate,
      filters: customers ? { Customer: params.customer } : {},
      noReportData,
      extraOptions: [{ Name: "report_date", Value: reportDate }],
    }),
    Columns: {
      Column: [
        { ColTitle: "", ColType: "Customer", MetaData: [{ Name: "ColKey", Value: "customer" }] },
        ...BUCKETS.map((b) => ({
          ColTitle: b.title,
          ColType: "Money",
          MetaData: [{ Name: "ColKey", Value: b.key }],
        })),
        { ColTitle: "Total", ColType: "Money", MetaData: [{ Name: "ColKey", Value: "total" }] },
      ],
    },
    Rows: { Row: rows },
  };
}
