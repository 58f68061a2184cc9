import { z } from "zod";
import { QboIdSchema, QboLinkedTxnSchema, QboPartyRefSchema, QboTxnHeaderSchema } from "./qbo_reference.ts";

/** A deposit line: either moves linked payments out of Undeposited Funds or posts directly to an account. */
export const QboDepositLineSchema = z.object({
  amountCents: z.number().int(),
  linkedTxns: z.array(QboLinkedTxnSchema).default([]),
  accountId: QboIdSchema.optional(),
  entity: QboPartyRefSchema.optional(),
  classId: QboIdSchema.optional(),
});
export type QboDepositLine = z.infer<typeof QboDepositLineSchema>;

/**
 * A QBO bank Deposit.
 *
 * @example
 * ```ts
 * QboDepositSchema.parse({
 *   id: "180", syncToken: "0", txnDate: "2026-03-05", lastUpdated: "2026-03-05T00:00:00Z",
 *   depositToAccountId: "35", totalCents: 70_000,
 *   lines: [{ amountCents: 70_000, linkedTxns: [{ txnId: "140", txnType: "Payment" }] }],
 * });
 * ```
 */
export const QboDepositSchema = QboTxnHeaderSchema.extend({
  depositToAccountId: QboIdSchema,
  lines: z.array(QboDepositLineSchema),
  totalCents: z.number().int(),
});
export type QboDeposit = z.infer<typeof QboDepositSchema>;
