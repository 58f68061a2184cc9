import { z } from "zod";

/**
 * The QBO Accounting API entities with an `Id` that the service can pass through as they are
 * (`/qbo/{entity}`), by QBO's canonical name: the name lists, the transactions and Attachable
 * notes. QBO's singletons (CompanyInfo, Preferences) and keyed entities (ExchangeRate) have other
 * paths and are not in it. Each is served by the built-in emulator as by QBO.
 */
export const QBO_NAME_LIST_ENTITIES = [
  "Account",
  "Class",
  "Department",
  "Item",
  "Term",
  "PaymentMethod",
  "Customer",
  "Vendor",
  "Employee",
] as const;

export const QBO_TRANSACTION_ENTITIES = [
  "Invoice",
  "Payment",
  "SalesReceipt",
  "CreditMemo",
  "RefundReceipt",
  "Estimate",
  "Bill",
  "BillPayment",
  "Purchase",
  "Deposit",
  "JournalEntry",
] as const;

/**
 * Every entity, in the order above. Name lists are never deleted: QBO makes them inactive with an
 * update of `Active: false`. Transactions are deleted outright, and so are Attachable notes.
 *
 * @example
 * ```ts
 * QboApiEntitySchema.parse("Invoice"); // "Invoice"
 * QboApiEntitySchema.safeParse("invoice").success; // false: canonical names only
 * ```
 */
export const QboApiEntitySchema = z.enum([
  ...QBO_NAME_LIST_ENTITIES,
  ...QBO_TRANSACTION_ENTITIES,
  "Attachable",
]);
export type QboApiEntity = z.infer<typeof QboApiEntitySchema>;

/**
 * The entities QBO deletes (`operation=delete` with Id and SyncToken): transactions and Attachable.
 *
 * @example
 * ```ts
 * QboDeletableEntitySchema.safeParse("Customer").success; // false: set Active to false instead
 * ```
 */
export const QboDeletableEntitySchema = z.enum([...QBO_TRANSACTION_ENTITIES, "Attachable"]);
export type QboDeletableEntity = z.infer<typeof QboDeletableEntitySchema>;

/**
 * The transactions QBO voids (amounts zeroed, "Voided" prepended to the private note, linked
 * payments unapplied): sales forms that move money and the two payment kinds.
 *
 * @example
 * ```ts
 * QboVoidableEntitySchema.safeParse("Payment").success; // true
 * QboVoidableEntitySchema.safeParse("Estimate").success; // false
 * ```
 */
export const QboVoidableEntitySchema = z.enum([
  "Invoice",
  "Payment",
  "SalesReceipt",
  "CreditMemo",
  "RefundReceipt",
  "BillPayment",
]);
export type QboVoidableEntity = z.infer<typeof QboVoidableEntitySchema>;
