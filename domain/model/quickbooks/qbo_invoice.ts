import { z } from "zod";
import { QboIdSchema, QboLinkedTxnSchema, QboTxnHeaderSchema } from "./qbo_reference.ts";

/** One sales line of an invoice (SalesItemLineDetail), amounts in cents. */
export const QboInvoiceLineSchema = z.object({
  lineId: z.string().optional(),
  amountCents: z.number().int(),
  itemId: QboIdSchema,
  qty: z.number().default(1),
  unitPriceCents: z.number().int().optional(),
  serviceDate: z.string().optional(),
  classId: QboIdSchema.optional(),
  description: z.string().optional(),
});
export type QboInvoiceLine = z.infer<typeof QboInvoiceLineSchema>;

/**
 * A QBO Invoice. `balanceCents` falls as payments link to it; `linkedTxns` lists those payments.
 *
 * @example
 * ```ts
 * QboInvoiceSchema.parse({
 *   id: "130", syncToken: "0", txnDate: "2026-03-01", lastUpdated: "2026-03-01T00:00:00Z", customerId: "58",
 *   lines: [{ amountCents: 150_000, itemId: "7" }], totalCents: 150_000, balanceCents: 150_000,
 * });
 * ```
 */
export const QboInvoiceSchema = QboTxnHeaderSchema.extend({
  customerId: QboIdSchema,
  dueDate: z.string().optional(),
  classId: QboIdSchema.optional(),
  lines: z.array(QboInvoiceLineSchema),
  totalCents: z.number().int(),
  balanceCents: z.number().int(),
  linkedTxns: z.array(QboLinkedTxnSchema).default([]),
});
export type QboInvoice = z.infer<typeof QboInvoiceSchema>;
