import type {
  QuickBooksTarget,
  ReportDocument,
  ReportRequest,
  ReportRow,
} from "../../domain/ports/quickbooks_gateway.ts";
import { DomainError } from "../../domain/errors.ts";
import type { QboHttpClient } from "./qbo_http_client.ts";
import { qboObjectSchema } from "./wire/envelope_schemas.ts";
import { parseWire } from "./wire/parse_wire.ts";
import { reportResponseSchema, type WireReportRow } from "./wire/report_schemas.ts";

const REPORT_NAME = /^[A-Za-z]+$/;

/** Fetches a report (`/reports/{name}`) and returns its rows as a tree of sections and data. */
export async function fetchReport(
  client: QboHttpClient,
  target: QuickBooksTarget,
  request: ReportRequest,
): Promise<ReportDocument> {
  if (!REPORT_NAME.test(request.reportName)) {
    throw new DomainError("VALIDATION_FAILED", `not a QuickBooks report name: ${request.reportName}`);
  }
  const response = await client.send(target, {
    method: "GET",
    path: `/reports/${request.reportName}`,
    query: request.params,
  });
  const report = parseWire(reportResponseSchema, response, "report");
  return {
    // The body itself: the schema above keeps only what the rows need (no column metadata).
    original: parseWire(qboObjectSchema, response, "report"),
    header: report.Header,
    columns: report.Columns.Column.map((column) => ({ title: column.ColTitle, type: column.ColType })),
    rows: report.Rows.Row.flatMap(toRows),
  };
}

/** A wire Section becomes a section row with its header cells, children, then its summary. */
function toRows(row: WireReportRow): ReportRow[] {
  const group = row.group ?? null;
  if (row.Rows || row.Header) {
    const children = (row.Rows?.Row ?? []).flatMap(toRows);
    if (row.Summary?.ColData) {
      children.push({ kind: "summary", group, cells: cells(row.Summary.ColData), children: [] });
    }
    return [{ kind: "section", group, cells: cells(row.Header?.ColData ?? []), children }];
  }
  if (row.Summary?.ColData && !row.ColData) {
    return [{ kind: "summary", group, cells: cells(row.Summary.ColData), children: [] }];
  }
  return [{ kind: "data", group, cells: cells(row.ColData ?? []), children: [] }];
}

function cells(data: readonly { value: string; id?: string }[]) {
  return data.map((cell) => ({ value: cell.value, id: cell.id ?? null }));
}
