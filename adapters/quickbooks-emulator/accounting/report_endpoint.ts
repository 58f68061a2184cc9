import { buildReport, ReportError } from "../reports/mod.ts";
import type { CompanyOperations } from "./company_operations.ts";
import { ledgerViewOf } from "./ledger_view.ts";
import { QboFault } from "./qbo_fault.ts";

/**
 * `GET /reports/{name}`: hands the company's books (see ledger_view.ts) to the pure report
 * builders in ../reports and returns their `{Header, Columns, Rows}`; QBO sends reports without
 * the `time` envelope. Report errors become ValidationFaults with the builder's code.
 */
export function answerReport(
  ops: CompanyOperations,
  name: string,
  params: Record<string, string>,
  now: Date,
): Record<string, unknown> {
  try {
    return buildReport(name, params, { ...ledgerViewOf(ops), now });
  } catch (error) {
    if (error instanceof ReportError) throw new QboFault(error.code, error.message, error.detail);
    throw error;
  }
}
