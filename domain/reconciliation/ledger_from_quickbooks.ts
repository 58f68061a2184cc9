import { ledgerParts } from "./ledger_parts.ts";
import type { LedgerPeriod, LedgerSource } from "./ledger_from_estatecore.ts";
import { docNumberOf, partyOf, propertyOf } from "./ledger_ownership.ts";
import type { LedgerRecord } from "./ledger_record.ts";
import {
  isVoidedObject,
  linesOf,
  type Posting,
  postingOfAccountType,
  type QboObject,
  type QuickBooksBooks,
  refId,
} from "./quickbooks_books.ts";
import type { ReconciliationDirectory } from "./reconciliation_directory.ts";

/**
 * QuickBooks' ledger for a period from freshly read books, mapped into EstateCore's id space
 * (customers, classes and vendors through the links; unlinked ones keep "qbo:" ids). Ids are
 * `Entity:Id` (an invoice's deposit lines `Entity:Id#deposit`). Which lines of a linked invoice are
 * deposits comes from what the integration wrote (the link's snapshot), so a deposit line someone
 * moved to an income item still counts as the deposit, posted to income. `postedTo` comes from the
 * account types of the lines' items and accounts.
 *
 * @example
 * ```ts
 * const { records } = quickbooksLedger(books, dir, { from: "2026-01-01", to: "2026-12-31" });
 * records.find((r) => r.id === "Invoice:130#deposit")?.postedTo; // "liability"
 * ```
 */
export function quickbooksLedger(
  books: QuickBooksBooks,
  dir: ReconciliationDirectory,
  period: LedgerPeriod,
): { records: LedgerRecord[]; sources: Map<string, LedgerSource> } {
  const accountPosting = new Map<string, Posting>();
  for (const a of books.accounts) {
    accountPosting.set(String(a.Id), postingOfAccountType(String(a.AccountType ?? "")));
  }
  const itemPosting = new Map<string, Posting>();
  for (const item of books.items) {
    const account = refId(item.IncomeAccountRef);
    const posting = account === undefined ? undefined : accountPosting.get(account);
    if (posting !== undefined) itemPosting.set(String(item.Id), posting);
  }
  const parentOfCustomer = new Map<string, string>();
  for (const c of books.customers) {
    const parent = refId(c.ParentRef);
    if (parent !== undefined) parentOfCustomer.set(String(c.Id), parent);
  }
  const records: LedgerRecord[] = [];
  const sources = new Map<string, LedgerSource>();
  for (const { entityName, object } of books.transactions) {
    const date = object.TxnDate;
    if (typeof date !== "string" || date < period.from || date > period.to) continue;
    const qboId = String(object.Id);
    const link = dir.linkByQboKey.get(`${entityName}/${qboId}`);
    const shape: QboObject = link ? link.baseSnapshot : object;
    const itemOf = (l: Record<string, unknown>) =>
      refId((l.SalesItemLineDetail as QboObject | undefined)?.ItemRef) ?? "";
    const mask = linesOf(shape, "SalesItemLineDetail").map((l) =>
      dir.depositItemIds.has(itemOf(l)) || (!link && itemPosting.get(itemOf(l)) === "liability")
    );
    const party = partyOf(object, dir);
    const base = {
      side: "quickbooks" as const,
      customerId: party ?? "qbo:none",
      propertyId: propertyOf(object, party, dir, parentOfCustomer),
      date,
      status: isVoidedObject(object) ? "voided" as const : "active" as const,
    };
    const docNumber = docNumberOf(object);
    const parts = ledgerParts(entityName, object, {
      recordId: link?.recordId,
      depositMask: mask,
      postingOfItem: (id) => itemPosting.get(id),
      postingOfAccount: (id) => accountPosting.get(id),
    });
    for (const part of parts) {
      const id = `${entityName}:${qboId}${part.suffix}`;
      sources.set(id, { entityType: entityName, id: qboId });
      records.push({
        ...base,
        id,
        kind: part.kind,
        amountCents: part.amountCents,
        ...(docNumber === undefined ? {} : { docNumber }),
        ...(part.postedTo === undefined ? {} : { postedTo: part.postedTo }),
      });
    }
  }
  return { records, sources };
}
