import type { Posting } from "../contracts.ts";
import { ReportError } from "./report_error.ts";
import type { ReportParams } from "./report_input.ts";

/**
 * The `class`, `department` and `customer` filters (comma-separated ids) and the accounting basis.
 *
 * Cash basis is an approximation: QBO re-dates income and expense to the payments that settle
 * each invoice or bill; the emulator instead drops the postings of accrual-only documents
 * (Invoice, Bill, CreditMemo, VendorCredit), so only income and expense recorded directly
 * against cash (sales receipts, expenses/checks, deposits, journal entries, refunds) remains.
 * The basis applies to ProfitAndLoss; BalanceSheet is always computed on the accrual ledger.
 */
export type AccountingMethod = "Accrual" | "Cash";

const ACCRUAL_ONLY_DOCUMENTS = new Set(["invoice", "bill", "creditmemo", "vendorcredit"]);

export interface PostingFilter {
  readonly method: AccountingMethod;
  /** Header fields echoing the filters that were applied, e.g. `{ Customer: "1" }`. */
  readonly echo: Readonly<Record<string, string>>;
  readonly accepts: (posting: Posting) => boolean;
}

export function parseAccountingMethod(value: string | undefined): AccountingMethod {
  if (value === undefined || value === "" || value.toLowerCase() === "accrual") return "Accrual";
  if (value.toLowerCase() === "cash") return "Cash";
  throw new ReportError("2170", `Unsupported accounting_method: ${value}`);
}

function idSet(value: string | undefined): Set<string> | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  return new Set(value.split(",").map((id) => id.trim()).filter((id) => id !== ""));
}

export function parsePostingFilter(params: ReportParams, applyBasis: boolean): PostingFilter {
  const method = parseAccountingMethod(params.accounting_method);
  const classes = idSet(params.class);
  const departments = idSet(params.department);
  const customers = idSet(params.customer);
  const echo: Record<string, string> = {};
  if (customers) echo.Customer = params.customer;
  if (classes) echo.Class = params.class;
  if (departments) echo.Department = params.department;
  const cash = applyBasis && method === "Cash";
  return {
    method,
    echo,
    accepts: (p) =>
      (!classes || (p.classId !== undefined && classes.has(p.classId))) &&
      (!departments || (p.departmentId !== undefined && departments.has(p.departmentId))) &&
      (!customers || (p.customerId !== undefined && customers.has(p.customerId))) &&
      (!cash || !ACCRUAL_ONLY_DOCUMENTS.has(p.txnType.toLowerCase())),
  };
}
