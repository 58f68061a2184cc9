/**
 * What a portfolio's records imply for the books, and what QBO's reports and customers say, so
 * end-to-end tests can compare the two the way an accountant would.
 */
import type { MirrorWrite } from "../../domain/ports/record_mirror.ts";
import type {
  QuickBooksGateway,
  QuickBooksTarget,
  ReportRow,
} from "../../domain/ports/quickbooks_gateway.ts";
import { decimalToCents } from "../../domain/shared/money.ts";

const cents = (r: MirrorWrite) => (r.data.amount as { cents: number }).cents;

/**
 * Per tenant: charges minus cleared payments (returned checks never reached the books) minus
 * deposit amounts applied to unpaid rent at move-out.
 */
export function expectedReceivables(records: readonly MirrorWrite[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (tenant: string, amount: number) => out.set(tenant, (out.get(tenant) ?? 0) + amount);
  for (const r of records) {
    const tenant = String(r.data.tenant_id ?? "");
    if (r.recordType === "charge") add(tenant, cents(r));
    if (r.recordType === "payment" && r.data.status === "cleared") add(tenant, -cents(r));
    if (r.recordType === "deposit_disposition") {
      add(tenant, -(r.data.applied_to_unpaid_rent as { cents: number }).cents);
    }
  }
  return out;
}

/** Per property name: deposits charged minus deposits settled at move-out. */
export function expectedDepositLiability(records: readonly MirrorWrite[]): Map<string, number> {
  const out = expectedByProperty(records, "security_deposit");
  const names = new Map(
    records.filter((r) => r.recordType === "property").map((r) => [r.recordId, String(r.data.name)]),
  );
  for (const r of records) {
    if (r.recordType !== "deposit_disposition") continue;
    const name = names.get(String(r.data.property_id))!;
    out.set(name, (out.get(name) ?? 0) - (r.data.deposit_held as { cents: number }).cents);
  }
  return out;
}

/** Per property name: the sum of its charges of one type (accrual basis). */
export function expectedByProperty(records: readonly MirrorWrite[], chargeType: string): Map<string, number> {
  const names = new Map(
    records.filter((r) => r.recordType === "property").map((r) => [r.recordId, String(r.data.name)]),
  );
  const out = new Map<string, number>();
  for (const r of records) {
    if (r.recordType !== "charge" || r.data.type !== chargeType) continue;
    const name = names.get(String(r.data.property_id))!;
    out.set(name, (out.get(name) ?? 0) + cents(r));
  }
  return out;
}

function findRow(rows: readonly ReportRow[], label: string): ReportRow | undefined {
  for (const row of rows) {
    if (row.kind === "data" && row.cells[0]?.value === label) return row;
    const inner = findRow(row.children, label);
    if (inner) return inner;
  }
  return undefined;
}

/** One account's amounts per class column of a report summarized by Classes. */
export async function reportByClass(
  gateway: QuickBooksGateway,
  target: QuickBooksTarget,
  reportName: "ProfitAndLoss" | "BalanceSheet",
  accountName: string,
  params: Record<string, string>,
): Promise<Map<string, number>> {
  const report = await gateway.fetchReport(target, {
    reportName,
    params: { summarize_column_by: "Classes", accounting_method: "Accrual", ...params },
  });
  const row = findRow(report.rows, accountName);
  if (!row) throw new Error(`${reportName} has no row ${accountName}`);
  const out = new Map<string, number>();
  report.columns.forEach((column, i) => {
    if (i === 0 || /^total$/i.test(column.title) || column.title === "") return;
    const value = row.cells[i]?.value ?? "";
    const amount = value === "" ? 0 : decimalToCents(value);
    if (column.title === "Not Specified" && amount === 0) return;
    out.set(column.title, amount);
  });
  return out;
}

/** What QBO holds, reduced to facts that must not depend on timing: customers' balances, documents and totals. */
export async function booksSnapshot(gateway: QuickBooksGateway, target: QuickBooksTarget) {
  const all = (entityName: string) => gateway.query(target, { entityName });
  const customers = (await all("Customer")).map((c) => [c.DisplayName, decimalToCents(c.Balance as number)])
    .sort();
  const total = (rows: readonly Record<string, unknown>[]) =>
    rows.reduce((s, r) => s + decimalToCents((r.TotalAmt as number) ?? 0), 0);
  const invoices = await all("Invoice");
  const payments = await all("Payment");
  return {
    customers,
    invoices: {
      count: invoices.length,
      total: total(invoices),
      docNumbers: invoices.map((i) => i.DocNumber).sort(),
    },
    payments: { count: payments.length, total: total(payments) },
    classes: (await all("Class")).map((c) => c.Name).sort(),
    items: (await all("Item")).map((i) => i.Name).sort(),
  };
}
