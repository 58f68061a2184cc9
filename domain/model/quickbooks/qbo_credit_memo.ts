import { z } from "zod";
import { QboIdSchema, QboTxnHeaderSchema } from "./qbo_reference.ts";
import { QboInvoiceLineSchema } from "./qbo_invoice.ts";

/**
 * A QBO CreditMemo: a customer credit that later payments or invoices can consume.
 *
 * @example
 * ```ts
 * QboCreditMemoSchema.parse({
 *   id: "210", syncToken: "0", txnDate: "2026-03-15", lastUpdated: "2026-03-15T00:00:00Z", customerId: "58",
 *   lines: [{ amountCents: 2_500, itemId: "8" }], totalCents: 2_500, remainingCreditCents: 2_500,
 * });
 * ```
 */
export const QboCreditMemoSchema = QboTxnHeaderSchema.extend({
  customerId: QboIdSchema,
  lines: z.array(QboInvoiceLineSchema),
  totalCents: z.number().int(),
  remainingCreditCents: z.number().int(),
});
export type QboCreditMemo = z.infer<typeof QboCreditMemoSchema>;
