import { z } from "zod";

/**
 * Id of a QBO object inside one realm. QBO ids are numeric strings that can exceed 2^53
 * ("5000000000000007195"), so they are never numbers.
 *
 * @example
 * ```ts
 * QboIdSchema.parse("5000000000000007195");
 * ```
 */
export const QboIdSchema = z.string().min(1).max(64);
export type QboId = z.infer<typeof QboIdSchema>;

/** Who a transaction line or payee points to; QBO's EntityRef/Entity with its type. */
export const QboEntityTypeSchema = z.enum(["Customer", "Vendor", "Employee"]);
export type QboEntityType = z.infer<typeof QboEntityTypeSchema>;

/** A typed party reference (Customer, Vendor, Employee). */
export const QboPartyRefSchema = z.object({ type: QboEntityTypeSchema, id: QboIdSchema });
export type QboPartyRef = z.infer<typeof QboPartyRefSchema>;

/** Transaction kinds a LinkedTxn can point at. */
export const QboTxnTypeSchema = z.enum([
  "Invoice",
  "Payment",
  "CreditMemo",
  "JournalEntry",
  "Bill",
  "BillPayment",
  "Expense",
  "Check",
  "Deposit",
  "SalesReceipt",
  "RefundReceipt",
  "VendorCredit",
  "CreditCardCredit",
  "Transfer",
]);
export type QboTxnType = z.infer<typeof QboTxnTypeSchema>;

/** A link from one transaction to another (payment -> invoice, bill payment -> bill). */
export const QboLinkedTxnSchema = z.object({ txnId: QboIdSchema, txnType: QboTxnTypeSchema });
export type QboLinkedTxn = z.infer<typeof QboLinkedTxnSchema>;

/**
 * Lifecycle the core cares about: QBO voids keep the object with zero amounts, deletions remove it
 * (CDC still reports it with status "Deleted").
 */
export const QboTxnStateSchema = z.enum(["active", "voided", "deleted"]);
export type QboTxnState = z.infer<typeof QboTxnStateSchema>;

/** Fields every QBO transaction carries, as the core needs them. */
export const QboTxnHeaderSchema = z.object({
  id: QboIdSchema,
  syncToken: z.string().min(1),
  txnDate: z.string(),
  docNumber: z.string().max(21).optional(),
  privateNote: z.string().max(4000).optional(),
  departmentId: QboIdSchema.optional(),
  /** ISO-8601 instant of MetaData.LastUpdatedTime. */
  lastUpdated: z.string(),
  state: QboTxnStateSchema.default("active"),
});
export type QboTxnHeader = z.infer<typeof QboTxnHeaderSchema>;
