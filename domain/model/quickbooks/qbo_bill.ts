import { z } from "zod";
import { QboIdSchema, QboTxnHeaderSchema } from "./qbo_reference.ts";

/** An account-based expense line (Bill, Purchase), amounts in cents. */
export const QboExpenseLineSchema = z.object({
  amountCents: z.number().int(),
  accountId: QboIdSchema,
  classId: QboIdSchema.optional(),
  customerId: QboIdSchema.optional(),
  description: z.string().optional(),
});
export type QboExpenseLine = z.infer<typeof QboExpenseLineSchema>;

/**
 * A QBO Bill (vendor invoice entered into accounts payable).
 *
 * @example
 * ```ts
 * QboBillSchema.parse({
 *   id: "150", syncToken: "0", txnDate: "2026-03-10", lastUpdated: "2026-03-10T00:00:00Z", vendorId: "41",
 *   lines: [{ amountCents: 32_500, accountId: "60" }], totalCents: 32_500, balanceCents: 32_500,
 * });
 * ```
 */
export const QboBillSchema = QboTxnHeaderSchema.extend({
  vendorId: QboIdSchema,
  dueDate: z.string().optional(),
  apAccountId: QboIdSchema.optional(),
  lines: z.array(QboExpenseLineSchema),
  totalCents: z.number().int(),
  balanceCents: z.number().int(),
});
export type QboBill = z.infer<typeof QboBillSchema>;
