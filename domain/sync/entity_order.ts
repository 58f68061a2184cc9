import { z } from "zod";
import { DomainError } from "../errors.ts";

/**
 * QBO entity types the planner writes, in dependency tiers: lists (accounts, classes, locations,
 * items) must exist before names (customers, vendors) that reference them, names before
 * transactions, transactions before the payments that link to them. Items in one QBO batch cannot
 * see objects created earlier in the same batch, so a batch never mixes tiers.
 */
export const ENTITY_TIERS = {
  Account: 0,
  Class: 0,
  Department: 0,
  Item: 0,
  Term: 0,
  PaymentMethod: 0,
  TaxCode: 0,
  Customer: 1,
  Vendor: 1,
  Employee: 1,
  Invoice: 2,
  Bill: 2,
  Purchase: 2,
  JournalEntry: 2,
  CreditMemo: 2,
  SalesReceipt: 2,
  RefundReceipt: 2,
  Deposit: 2,
  Estimate: 2,
  Payment: 3,
  BillPayment: 3,
} as const;

export type SyncEntityType = keyof typeof ENTITY_TIERS;
export const SyncEntityTypeSchema = z.enum(
  Object.keys(ENTITY_TIERS) as [SyncEntityType, ...SyncEntityType[]],
);

/** The tier names, for progress reports. */
export const TIER_NAMES = ["lists", "names", "transactions", "payments"] as const;

/**
 * The dependency tier of a QBO entity type (0 lists, 1 names, 2 transactions, 3 payments).
 * An unknown type is a VALIDATION_FAILED error rather than a guess at its order.
 *
 * @example
 * ```ts
 * entityTier("Customer"); // 1
 * entityTier("BillPayment"); // 3
 * ```
 */
export function entityTier(entityType: string): number {
  const tier = (ENTITY_TIERS as Record<string, number>)[entityType];
  if (tier === undefined) {
    throw new DomainError("VALIDATION_FAILED", `Unknown QuickBooks entity type: ${entityType}`, {
      entityType,
    });
  }
  return tier;
}

/** Entity types QBO can void (the rest of the transactions are deleted instead). */
const VOIDABLE = new Set<string>(["Invoice", "Payment", "SalesReceipt", "BillPayment"]);

/**
 * How a record that should no longer count is removed in QBO: names and lists are made inactive
 * (QBO never deletes them), voidable transactions are voided when asked (keeping the audit trail),
 * other transactions are deleted.
 *
 * @example
 * ```ts
 * removalKind("Invoice", "voided"); // "void"
 * removalKind("JournalEntry", "voided"); // "delete"
 * removalKind("Customer", "deleted"); // "deactivate"
 * ```
 */
export function removalKind(
  entityType: string,
  state: "voided" | "deleted",
): "void" | "delete" | "deactivate" {
  if (entityTier(entityType) < 2) return "deactivate";
  return state === "voided" && VOIDABLE.has(entityType) ? "void" : "delete";
}
