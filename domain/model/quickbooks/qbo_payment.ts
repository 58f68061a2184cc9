import { z } from "zod";
import { QboIdSchema, QboLinkedTxnSchema, QboTxnHeaderSchema } from "./qbo_reference.ts";

/** The part of a payment applied to the linked transaction(s) of one line. */
export const QboPaymentLineSchema = z.object({
  amountCents: z.number().int(),
  linkedTxns: z.array(QboLinkedTxnSchema).min(1),
});
export type QboPaymentLine = z.infer<typeof QboPaymentLineSchema>;

/**
 * A QBO (receive) Payment. `unappliedCents` is the customer credit left after the lines.
 *
 * @example
 * ```ts
 * QboPaymentSchema.parse({
 *   id: "140", syncToken: "0", txnDate: "2026-03-03", lastUpdated: "2026-03-03T00:00:00Z", customerId: "58",
 *   totalCents: 70_000, unappliedCents: 0,
 *   lines: [{ amountCents: 70_000, linkedTxns: [{ txnId: "130", txnType: "Invoice" }] }],
 * });
 * ```
 */
export const QboPaymentSchema = QboTxnHeaderSchema.extend({
  customerId: QboIdSchema,
  totalCents: z.number().int(),
  unappliedCents: z.number().int().default(0),
  depositToAccountId: QboIdSchema.optional(),
  paymentMethodId: QboIdSchema.optional(),
  paymentRefNum: z.string().optional(),
  lines: z.array(QboPaymentLineSchema).default([]),
});
export type QboPayment = z.infer<typeof QboPaymentSchema>;
