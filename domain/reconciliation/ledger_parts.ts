import type { LedgerRecord } from "./ledger_record.ts";
import { centsOf, linesOf, type Posting, type QboObject, refId } from "./quickbooks_books.ts";

/** One comparable slice of a QBO transaction: most are whole, an invoice splits off its deposit lines. */
export interface LedgerPart {
  /** "" for the whole transaction, "#deposit" for an invoice's deposit lines. */
  readonly suffix: "" | "#deposit";
  readonly kind: LedgerRecord["kind"];
  readonly amountCents: number;
  readonly postedTo?: Posting;
}

export interface PartOptions {
  /** The record the object stands for in EstateCore (from the record id or the link), if any. */
  readonly recordId?: string;
  /** Per SalesItemLineDetail line of an invoice: is it a deposit line? */
  readonly depositMask: readonly boolean[];
  /** Where an item or account posts (QuickBooks side only; EstateCore's side leaves it unknown). */
  readonly postingOfItem?: (itemId: string) => Posting | undefined;
  readonly postingOfAccount?: (accountId: string) => Posting | undefined;
}

/**
 * The ledger parts of a QBO-shaped transaction, the same rules for what EstateCore wants written and
 * what QBO holds, so the two compare field by field:
 * - Invoice: the non-deposit lines as an invoice, the deposit lines as a deposit_liability (posted
 *   where the lines' items post now: a deposit line moved to an income item is a deposit booked as income);
 * - Payment: TotalAmt (a deposit's zero-amount application payment is left out: it moves no money);
 * - Bill and Purchase: the sum of their lines; BillPayment: TotalAmt; JournalEntry: its debits;
 * - a deposit refund check or deposit journal (by record id) reduces the deposit liability (negative).
 *
 * @example
 * ```ts
 * ledgerParts("Invoice", { Line: [{ Amount: 1000, DetailType: "SalesItemLineDetail" },
 *   { Amount: 1000, DetailType: "SalesItemLineDetail" }] }, { depositMask: [false, true] })
 *   .map((p) => [p.suffix, p.kind, p.amountCents]); // [["", "invoice", 100000], ["#deposit", "deposit_liability", 100000]]
 * ```
 */
export function ledgerParts(entityName: string, object: QboObject, options: PartOptions): LedgerPart[] {
  const role = options.recordId ?? "";
  switch (entityName) {
    case "Invoice":
      return invoiceParts(object, options);
    case "Payment": {
      if (role.includes("#")) return [];
      const amount = centsOf(object.TotalAmt);
      return amount === 0 && !role ? [] : [{ suffix: "", kind: "payment", amountCents: amount }];
    }
    case "Bill":
      return [{ suffix: "", kind: "bill", amountCents: sumLines(object) }];
    case "BillPayment":
      return [{ suffix: "", kind: "expense", amountCents: centsOf(object.TotalAmt) }];
    case "Purchase":
      if (role.includes("#refund")) {
        const account = refId(firstDetail(object)?.AccountRef);
        return [{
          suffix: "",
          kind: "deposit_liability",
          amountCents: -sumLines(object),
          postedTo: account === undefined ? undefined : options.postingOfAccount?.(account),
        }];
      }
      return [{ suffix: "", kind: "expense", amountCents: sumLines(object) }];
    case "JournalEntry":
      return journalParts(object, role, options);
  }
  return [];
}

function invoiceParts(object: QboObject, options: PartOptions): LedgerPart[] {
  const lines = linesOf(object, "SalesItemLineDetail");
  let income = 0, deposit = 0, depositLines = 0;
  let postedTo: Posting | undefined;
  lines.forEach((line, i) => {
    const cents = centsOf(line.Amount);
    if (!options.depositMask[i]) {
      income += cents;
      return;
    }
    deposit += cents;
    depositLines++;
    const item = refId((line.SalesItemLineDetail as Record<string, unknown> | undefined)?.ItemRef);
    const posting = item === undefined ? undefined : options.postingOfItem?.(item);
    if (posting !== undefined && postedTo !== "income") postedTo = posting;
  });
  const parts: LedgerPart[] = [];
  if (depositLines < lines.length || lines.length === 0) {
    parts.push({ suffix: "", kind: "invoice", amountCents: income });
  }
  if (depositLines > 0) {
    parts.push({ suffix: "#deposit", kind: "deposit_liability", amountCents: deposit, postedTo });
  }
  return parts;
}

function journalParts(object: QboObject, role: string, options: PartOptions): LedgerPart[] {
  let debits = 0, firstDebitAccount: string | undefined;
  let creditsIncome = false;
  for (const line of linesOf(object)) {
    const detail = line.JournalEntryLineDetail as Record<string, unknown> | undefined;
    const account = refId(detail?.AccountRef);
    if (detail?.PostingType === "Debit") {
      debits += centsOf(line.Amount);
      firstDebitAccount ??= account;
    } else if (account !== undefined && options.postingOfAccount?.(account) === "income") {
      creditsIncome = true;
    }
  }
  if (role.includes("#deposit_journal")) {
    return [{
      suffix: "",
      kind: "deposit_liability",
      amountCents: -debits,
      postedTo: firstDebitAccount === undefined ? undefined : options.postingOfAccount?.(firstDebitAccount),
    }];
  }
  return [{
    suffix: "",
    kind: "journal",
    amountCents: debits,
    postedTo: creditsIncome ? "income" : undefined,
  }];
}

function sumLines(object: QboObject): number {
  return linesOf(object).reduce((sum, line) => sum + centsOf(line.Amount), 0);
}

function firstDetail(object: QboObject): Record<string, unknown> | undefined {
  const line = linesOf(object)[0];
  return line?.AccountBasedExpenseLineDetail as Record<string, unknown> | undefined;
}
