import { decimalToCents } from "../shared/money.ts";
import type { LedgerRecord } from "./ledger_record.ts";

/** A QBO object as fetched (plain JSON, QBO-shaped). */
export type QboObject = Readonly<Record<string, unknown>>;

/**
 * What reconciliation reads from a QuickBooks company for a period: the chart of accounts and the
 * items (to know where each line posts), the customers (tenants' A/R and parents), and the period's
 * transactions of every entity the push writes, each tagged with its entity name.
 */
export interface QuickBooksBooks {
  readonly accounts: readonly QboObject[];
  readonly items: readonly QboObject[];
  readonly customers: readonly QboObject[];
  readonly transactions: readonly { readonly entityName: string; readonly object: QboObject }[];
}

/** The transaction entities reconciliation compares (what the push writes). */
export const RECONCILED_ENTITIES = [
  "Invoice",
  "Payment",
  "Bill",
  "BillPayment",
  "Purchase",
  "JournalEntry",
] as const;

export type Posting = NonNullable<LedgerRecord["postedTo"]>;

/**
 * Where an account of a QBO AccountType posts, in the ledger's terms.
 *
 * @example
 * ```ts
 * postingOfAccountType("Other Current Liability"); // "liability"
 * postingOfAccountType("Other Income"); // "income"
 * ```
 */
export function postingOfAccountType(accountType: string): Posting {
  if (accountType === "Accounts Receivable") return "receivable";
  if (accountType.includes("Income")) return "income";
  if (
    accountType.includes("Liability") || accountType === "Accounts Payable" || accountType === "Credit Card"
  ) {
    return "liability";
  }
  if (accountType.includes("Expense") || accountType === "Cost of Goods Sold") return "expense";
  return "asset";
}

/** A QBO reference's id (`{value: "7"}` -> "7"), or undefined. */
export function refId(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const id = (value as { value?: unknown }).value;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}

/** Lines of a QBO object, optionally of one DetailType only. */
export function linesOf(object: QboObject, detailType?: string): Record<string, unknown>[] {
  const lines = Array.isArray(object.Line) ? object.Line as Record<string, unknown>[] : [];
  return detailType === undefined ? lines : lines.filter((l) => l.DetailType === detailType);
}

/** A decimal amount field in cents (0 when absent). */
export function centsOf(value: unknown): number {
  return typeof value === "number" ? decimalToCents(value) : 0;
}

/** QBO's void: amounts zeroed and "Voided" at the start of the private note. */
export function isVoidedObject(object: QboObject): boolean {
  return typeof object.PrivateNote === "string" && object.PrivateNote.startsWith("Voided") &&
    Number(object.TotalAmt ?? 0) === 0;
}
