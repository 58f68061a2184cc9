import { z } from "zod";
import { QboIdSchema, QboPartyRefSchema, QboTxnHeaderSchema } from "./qbo_reference.ts";
import { QboExpenseLineSchema } from "./qbo_bill.ts";

/**
 * A QBO Purchase: an expense paid at once (Cash, Check, CreditCard) out of `accountId`; a deposit
 * refund check is a Purchase against the deposit liability account with the tenant as payee.
 *
 * @example
 * ```ts
 * QboPurchaseSchema.parse({
 *   id: "170", syncToken: "0", txnDate: "2026-03-10", lastUpdated: "2026-03-10T00:00:00Z",
 *   paymentType: "Check", accountId: "35", lines: [{ amountCents: 9_900, accountId: "61" }], totalCents: 9_900,
 * });
 * ```
 */
export const QboPurchaseSchema = QboTxnHeaderSchema.extend({
  paymentType: z.enum(["Cash", "Check", "CreditCard"]),
  accountId: QboIdSchema,
  payee: QboPartyRefSchema.optional(),
  credit: z.boolean().default(false),
  lines: z.array(QboExpenseLineSchema),
  totalCents: z.number().int(),
});
export type QboPurchase = z.infer<typeof QboPurchaseSchema>;
