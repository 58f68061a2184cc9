import type { Posting } from "../contracts.ts";
import {
  addMonths,
  type CalendarDate,
  endOfMonth,
  startOfMonth,
} from "../../../domain/shared/calendar_date.ts";
import { ReportError } from "./report_error.ts";
import type { ReportInput } from "./report_input.ts";
import type { ReportPeriod } from "./report_period.ts";

/**
 * The money columns of a ProfitAndLoss or BalanceSheet, from `summarize_column_by`. Each column
 * has its own date window (months, quarters, years split the period; the window is clipped to it)
 * and optionally a dimension (a class, department or customer, or "Not Specified" for postings
 * without one). Dimension columns list only values that have postings, ordered by name, then
 * "Not Specified", then the total. Column titles and ColKeys follow QBO where recordings show
 * them ("Total"/"total"; "TOTAL" when split by a dimension); per-column metadata is unverified.
 */
export interface MoneyColumn {
  readonly title: string;
  readonly metaData: readonly { Name: string; Value: string }[];
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /** Which postings belong to the column, beyond the date window. */
  readonly includes: (posting: Posting) => boolean;
}

export const SUMMARIZE_BY = [
  "Total",
  "Month",
  "Quarter",
  "Year",
  "Classes",
  "Departments",
  "Customers",
] as const;
export type SummarizeBy = typeof SUMMARIZE_BY[number];

export function parseSummarizeBy(value: string | undefined): SummarizeBy {
  if (value === undefined || value === "") return "Total";
  const match = SUMMARIZE_BY.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!match) throw new ReportError("2170", `Unsupported summarize_column_by: ${value}`);
  return match;
}

const everything = () => true;
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function planColumns(
  summarizeBy: SummarizeBy,
  period: ReportPeriod,
  input: ReportInput,
  relevant: readonly Posting[],
): MoneyColumn[] {
  const total: MoneyColumn = {
    title: summarizeBy === "Total" || isPeriodSplit(summarizeBy) ? "Total" : "TOTAL",
    metaData: [{ Name: "ColKey", Value: "total" }],
    start: period.start,
    end: period.end,
    includes: everything,
  };
  if (summarizeBy === "Total") return [total];
  if (isPeriodSplit(summarizeBy)) return [...periodColumns(summarizeBy, period), total];
  const dimension = DIMENSIONS[summarizeBy];
  const names = new Map(dimension.names(input).map((d) => [d.id, d.name]));
  const used = new Set<string>();
  let unspecified = false;
  for (const posting of relevant) {
    const id = dimension.of(posting);
    if (id === undefined) unspecified = true;
    else used.add(id);
  }
  const columns: MoneyColumn[] = [...used]
    .map((id) => ({ id, name: names.get(id) ?? id }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map(({ id, name }) => ({
      title: name,
      metaData: [{ Name: "ColKey", Value: id }],
      start: period.start,
      end: period.end,
      includes: (p: Posting) => dimension.of(p) === id,
    }));
  if (unspecified) {
    columns.push({
      title: "Not Specified",
      metaData: [{ Name: "ColKey", Value: "NotSpecified" }],
      start: period.start,
      end: period.end,
      includes: (p: Posting) => dimension.of(p) === undefined,
    });
  }
  return [...columns, total];
}

function isPeriodSplit(summarizeBy: SummarizeBy): summarizeBy is "Month" | "Quarter" | "Year" {
  return summarizeBy === "Month" || summarizeBy === "Quarter" || summarizeBy === "Year";
}

const DIMENSIONS: Record<
  "Classes" | "Departments" | "Customers",
  {
    of: (p: Posting) => string | undefined;
    names: (input: ReportInput) => readonly { id: string; name: string }[];
  }
> = {
  Classes: { of: (p) => p.classId || undefined, names: (input) => input.classes },
  Departments: { of: (p) => p.departmentId || undefined, names: (input) => input.departments },
  Customers: { of: (p) => p.customerId || undefined, names: (input) => input.customers },
};

function periodColumns(by: "Month" | "Quarter" | "Year", period: ReportPeriod): MoneyColumn[] {
  const months = by === "Month" ? 1 : by === "Quarter" ? 3 : 12;
  const columns: MoneyColumn[] = [];
  let bucketStart = alignedStart(period.start, months);
  while (bucketStart <= period.end) {
    const bucketEnd = endOfMonth(addMonths(bucketStart, months - 1));
    const start = bucketStart < period.start ? period.start : bucketStart;
    const end = bucketEnd > period.end ? period.end : bucketEnd;
    const title = periodTitle(by, bucketStart, bucketEnd);
    columns.push({
      title,
      metaData: [{ Name: "StartDate", Value: start }, { Name: "EndDate", Value: end }, {
        Name: "ColKey",
        Value: title,
      }],
      start,
      end,
      includes: everything,
    });
    bucketStart = addMonths(bucketStart, months);
  }
  return columns;
}

function alignedStart(date: CalendarDate, months: number): CalendarDate {
  const first = startOfMonth(date);
  const month = Number(first.slice(5, 7));
  return addMonths(first, -((month - 1) % months));
}

function periodTitle(by: "Month" | "Quarter" | "Year", start: CalendarDate, end: CalendarDate): string {
  const label = (d: CalendarDate) => `${MONTH_NAMES[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;
  if (by === "Month") return label(start);
  if (by === "Year") return start.slice(0, 4);
  return `${label(start).slice(0, 3)} - ${label(end)}`;
}
