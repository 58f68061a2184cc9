import { formatCents } from "./money_format.ts";

/**
 * Builders for QBO's report row JSON. Key order follows the recordings: a Section is
 * `{Header?, Rows?, Summary?, type: "Section", group?}`, a Data row `{ColData, type: "Data"}`.
 * When `blank` is set (NoReportData), money cells are "" as in the recorded empty report.
 */
export interface ColData {
  value: string;
  id?: string;
}

export interface DataRow {
  ColData: ColData[];
  type: "Data";
}

export interface SectionRow {
  Header?: { ColData: ColData[] };
  Rows?: { Row: ReportRow[] };
  Summary?: { ColData: ColData[] };
  type: "Section";
  group?: string;
}

export type ReportRow = DataRow | SectionRow;

export function moneyCells(cents: readonly number[], blank = false): ColData[] {
  return cents.map((c) => ({ value: blank ? "" : formatCents(c) }));
}

export function blankCells(count: number): ColData[] {
  return Array.from({ length: count }, () => ({ value: "" }));
}

export function dataRow(label: string, id: string | undefined, cents: readonly number[]): DataRow {
  return {
    ColData: [id === undefined ? { value: label } : { value: label, id }, ...moneyCells(cents)],
    type: "Data",
  };
}

export interface SectionSpec {
  readonly group?: string;
  /** Header label; omitted for summary-only sections such as GrossProfit. */
  readonly title?: string;
  readonly summaryTitle: string;
  readonly rows: readonly ReportRow[];
  readonly totals: readonly number[];
  /** Write "" instead of amounts in the summary (empty section, or no report data at all). */
  readonly blank?: boolean;
}

export function sectionRow(spec: SectionSpec): SectionRow {
  const width = spec.totals.length;
  return {
    ...(spec.title !== undefined
      ? { Header: { ColData: [{ value: spec.title }, ...blankCells(width)] } }
      : {}),
    ...(spec.rows.length > 0 ? { Rows: { Row: [...spec.rows] } } : {}),
    Summary: { ColData: [{ value: spec.summaryTitle }, ...moneyCells(spec.totals, spec.blank)] },
    type: "Section",
    ...(spec.group !== undefined ? { group: spec.group } : {}),
  };
}

/** Element-wise a + b. */
export function addColumns(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x + b[i]);
}

/** Element-wise a - b. */
export function subtractColumns(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x - b[i]);
}

export function sumColumns(width: number, vectors: readonly (readonly number[])[]): number[] {
  return vectors.reduce<number[]>((acc, v) => addColumns(acc, v), new Array(width).fill(0));
}
