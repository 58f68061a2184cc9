import type { AccountInfo, OpenReceivable, Posting } from "../contracts.ts";
import type { CompanyOperations } from "./company_operations.ts";
import type { Doc } from "./company_state.ts";
import type { CompanyStore } from "./company_store.ts";
import { customerQualifiedName } from "./person_rules.ts";
import { refValue, toCents } from "./rule_context.ts";

/**
 * A read-only picture of one company's books in the shapes of contracts.ts: what the report
 * builders consume, and what tests or the admin API can inspect.
 */
export interface LedgerView {
  readonly accounts: AccountInfo[];
  readonly postings: Posting[];
  readonly classes: { id: string; name: string }[];
  readonly departments: { id: string; name: string }[];
  readonly customers: { id: string; name: string }[];
  readonly openReceivables: OpenReceivable[];
  readonly companyName: string;
}

export function ledgerViewOf(ops: CompanyOperations): LedgerView {
  const state = ops.state;
  const named = (entity: string) =>
    state.list(entity).map((d) => ({ id: String(d.Id), name: String(d.FullyQualifiedName ?? d.Name) }));
  const customers = state.list("Customer").map((d) => ({
    id: String(d.Id),
    name: customerQualifiedName(state, d),
  }));
  return {
    accounts: state.list("Account").map(accountInfo),
    postings: state.ledger.allPostings(),
    classes: named("Class"),
    departments: named("Department"),
    customers,
    openReceivables: openReceivables(ops, new Map(customers.map((c) => [c.id, c.name]))),
    companyName: String(state.get("CompanyInfo", "1")?.CompanyName ?? ""),
  };
}

/** The books of `realmId` in `store`, or undefined for an unknown realm. */
export function ledgerView(store: CompanyStore, realmId: string): LedgerView | undefined {
  const ops = store.operations(realmId);
  return ops ? ledgerViewOf(ops) : undefined;
}

function accountInfo(doc: Doc): AccountInfo {
  return {
    id: String(doc.Id),
    name: String(doc.FullyQualifiedName ?? doc.Name),
    accountType: String(doc.AccountType),
    accountSubType: String(doc.AccountSubType),
    classification: doc.Classification as AccountInfo["classification"],
  };
}

/** Open invoices, plus unapplied payments and unused credit memos as negative balances. */
function openReceivables(ops: CompanyOperations, names: ReadonlyMap<string, string>): OpenReceivable[] {
  const out: OpenReceivable[] = [];
  const add = (txnType: string, doc: Doc, field: string, sign: 1 | -1) => {
    const cents = toCents(doc[field], field);
    if (cents === 0) return;
    const customerId = refValue(doc.CustomerRef)!;
    out.push({
      customerId,
      customerName: names.get(customerId) ?? "",
      txnType,
      txnId: String(doc.Id),
      txnDate: String(doc.TxnDate),
      dueDate: String(doc.DueDate ?? doc.TxnDate),
      balanceCents: sign * cents,
    });
  };
  for (const doc of ops.rows("Invoice")) add("Invoice", doc, "Balance", 1);
  for (const doc of ops.rows("CreditMemo")) add("CreditMemo", doc, "Balance", -1);
  for (const doc of ops.rows("Payment")) add("Payment", doc, "UnappliedAmt", -1);
  return out;
}
