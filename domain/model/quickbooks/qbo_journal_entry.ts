import { z } from "zod";
import { QboIdSchema, QboPartyRefSchema, QboTxnHeaderSchema } from "./qbo_reference.ts";

/** One side of a journal entry, amount in (positive) cents. */
export const QboJournalLineSchema = z.object({
  amountCents: z.number().int().nonnegative(),
  postingType: z.enum(["Debit", "Credit"]),
  accountId: QboIdSchema,
  entity: QboPartyRefSchema.optional(),
  classId: QboIdSchema.optional(),
  departmentId: QboIdSchema.optional(),
  description: z.string().optional(),
});
export type QboJournalLine = z.infer<typeof QboJournalLineSchema>;

/**
 * A QBO JournalEntry; debits must equal credits (QBO error 2300).
 *
 * @example
 * ```ts
 * QboJournalEntrySchema.parse({
 *   id: "190", syncToken: "0", txnDate: "2026-07-05", lastUpdated: "2026-07-05T00:00:00Z",
 *   lines: [
 *     { amountCents: 25_000, postingType: "Debit", accountId: "90" },
 *     { amountCents: 25_000, postingType: "Credit", accountId: "81" },
 *   ],
 * });
 * ```
 */
export const QboJournalEntrySchema = QboTxnHeaderSchema.extend({
  lines: z.array(QboJournalLineSchema).min(2),
  adjustment: z.boolean().default(false),
});
export type QboJournalEntry = z.infer<typeof QboJournalEntrySchema>;
