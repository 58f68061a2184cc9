import type { CompanyState, Doc } from "./company_state.ts";
import { refValue, toCents } from "./rule_context.ts";

/**
 * A journal entry as a receivable document a Payment can link (`LinkedTxn` TxnType
 * "JournalEntry"), as QBO allows: its lines posted to an Accounts Receivable account for one
 * customer. Signed cents: positive when the entry debits the customer's A/R (a charge the payment
 * pays, like an invoice), negative when it credits it (a credit the payment uses, like a credit
 * memo: e.g. a security deposit applied to unpaid rent). Zero when the entry has no A/R line for
 * that customer.
 */
export function journalReceivableCents(state: CompanyState, journal: Doc, customerId: string): number {
  let cents = 0;
  for (const line of Array.isArray(journal.Line) ? (journal.Line as Doc[]) : []) {
    const detail = line.JournalEntryLineDetail as Doc | undefined;
    if (!detail) continue;
    const entity = detail.Entity as Doc | undefined;
    if (entity?.Type !== "Customer" || refValue(entity.EntityRef) !== customerId) continue;
    const account = state.get("Account", refValue(detail.AccountRef) ?? "");
    if (account?.AccountType !== "Accounts Receivable") continue;
    const amount = toCents(line.Amount, "Line.Amount");
    cents += detail.PostingType === "Debit" ? amount : -amount;
  }
  return cents;
}
