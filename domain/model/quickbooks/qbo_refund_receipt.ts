import { z } from "zod";
import { QboIdSchema, QboTxnHeaderSchema } from "./qbo_reference.ts";
import { QboInvoiceLineSchema } from "./qbo_invoice.ts";

/**
 * A QBO RefundReceipt: money paid back to a customer out of `depositToAccountId`.
 *
 * @example
 * ```ts
 * QboRefundReceiptSchema.parse({
 *   id: "200", syncToken: "0", txnDate: "2026-07-05", lastUpdated: "2026-07-05T00:00:00Z",
 *   customerId: "58", depositToAccountId: "35", lines: [{ amountCents: 5_000, itemId: "7" }], totalCents: 5_000,
 * });
 * ```
 */
export const QboRefundReceiptSchema = QboTxnHeaderSchema.extend({
  customerId: QboIdSchema.optional(),
  depositToAccountId: QboIdSchema,
  paymentRefNum: z.string().optional(),
  lines: z.array(QboInvoiceLineSchema),
  totalCents: z.number().int(),
});
export type QboRefundReceipt = z.infer<typeof QboRefundReceiptSchema>;
