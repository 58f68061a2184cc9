import type { Caller } from "../../domain/access/caller.ts";
import { type QboReportName, qboReportParameters } from "../../domain/model/quickbooks/qbo_report_catalog.ts";
import type { QuickBooksObject } from "../../domain/ports/quickbooks_gateway.ts";
import {
  passThroughCompany,
  type PassThroughDependencies,
  requirePassThrough,
} from "./passthrough_company.ts";

/**
 * `GET /qbo/reports/{report}`: the report as QBO shapes it (`{Header, Columns, Rows}`), with the
 * parameters QBO documents for that report and no other (`qboReportParameters`).
 */
export async function quickBooksReport(
  deps: PassThroughDependencies,
  caller: Caller,
  request: {
    readonly report: QboReportName;
    readonly params: Readonly<Record<string, string>>;
    readonly realmId?: string;
  },
): Promise<{ readonly realmId: string; readonly report: QuickBooksObject }> {
  requirePassThrough(caller, "qbo:read");
  const params = qboReportParameters(request.report, request.params);
  const target = await passThroughCompany(deps, caller, request.realmId);
  const document = await deps.gateway.fetchReport(target, { reportName: request.report, params });
  return { realmId: target.realmId, report: document.original };
}
