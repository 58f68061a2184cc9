import { z } from "zod";

/** A JSON value as it travels to QBO. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A desired QBO request body: a plain JSON object with QBO's own field names (`CustomerRef`,
 * `Line`, `DetailType`, ...) and decimal amounts (1500, 19.99), ready for the adapter to send as is.
 * The core builds these from integer cents with `centsToDecimal` only at this last step.
 *
 * @example
 * ```ts
 * const body: QboPayload = { DisplayName: "Jane Doe", GivenName: "Jane", FamilyName: "Doe" };
 * ```
 */
export type QboPayload = { [key: string]: JsonValue };

/** The QBO entities the integration writes. */
export const QboEntityNameSchema = z.enum([
  "Customer",
  "Vendor",
  "Item",
  "Account",
  "Class",
  "Department",
  "Invoice",
  "Payment",
  "Bill",
  "BillPayment",
  "Purchase",
  "Deposit",
  "JournalEntry",
  "RefundReceipt",
  "CreditMemo",
]);
export type QboEntityName = z.infer<typeof QboEntityNameSchema>;

/**
 * A desired QBO object: which entity and its payload. `key` distinguishes the several objects one
 * EstateCore record may produce (a deposit disposition yields a refund check and a journal entry).
 *
 * @example
 * ```ts
 * const desired: DesiredQboObject = { entity: "Customer", key: "customer", payload: { DisplayName: "Jane Doe" } };
 * ```
 */
export interface DesiredQboObject {
  readonly entity: QboEntityName;
  readonly key: string;
  readonly payload: QboPayload;
}
