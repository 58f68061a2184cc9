import { z } from "zod";
import { QboIdSchema, QboLinkedTxnSchema, QboTxnHeaderSchema } from "./qbo_reference.ts";

/**
 * A QBO BillPayment paying one or more bills by check or credit card.
 *
 * @example
 * ```ts
 * QboBillPaymentSchema.parse({
 *   id: "160", syncToken: "0", txnDate: "2026-04-01", lastUpdated: "2026-04-01T00:00:00Z", vendorId: "41",
 *   payType: "Check", bankAccountId: "35", totalCents: 32_500,
 *   lines: [{ amountCents: 32_500, linkedTxns: [{ txnId: "150", txnType: "Bill" }] }],
 * });
 * ```
 */
export const QboBillPaymentSchema = QboTxnHeaderSchema.extend({
  vendorId: QboIdSchema,
  payType: z.enum(["Check", "CreditCard"]),
  bankAccountId: QboIdSchema.optional(),
  creditCardAccountId: QboIdSchema.optional(),
  totalCents: z.number().int(),
  lines: z.array(z.object({ amountCents: z.number().int(), linkedTxns: z.array(QboLinkedTxnSchema).min(1) })),
});
export type QboBillPayment = z.infer<typeof QboBillPaymentSchema>;
