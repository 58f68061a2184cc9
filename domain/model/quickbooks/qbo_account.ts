import { z } from "zod";
import { QboNameRecordSchema } from "./qbo_name_record.ts";

/** QBO account classification (the five families of the chart of accounts). */
export const QboAccountClassificationSchema = z.enum(["Asset", "Liability", "Equity", "Revenue", "Expense"]);
export type QboAccountClassification = z.infer<typeof QboAccountClassificationSchema>;

/** QBO AccountType values. */
export const QboAccountTypeSchema = z.enum([
  "Bank",
  "Accounts Receivable",
  "Other Current Asset",
  "Fixed Asset",
  "Other Asset",
  "Accounts Payable",
  "Credit Card",
  "Other Current Liability",
  "Long Term Liability",
  "Equity",
  "Income",
  "Cost of Goods Sold",
  "Expense",
  "Other Income",
  "Other Expense",
  "Non-Posting",
]);
export type QboAccountType = z.infer<typeof QboAccountTypeSchema>;

/**
 * A QBO Account of the chart of accounts.
 *
 * @example
 * ```ts
 * QboAccountSchema.parse({
 *   id: "79", syncToken: "0", lastUpdated: "2026-03-01T00:00:00Z", name: "Rental Income",
 *   accountType: "Income", accountSubType: "OtherPrimaryIncome", classification: "Revenue",
 * });
 * ```
 */
export const QboAccountSchema = QboNameRecordSchema.extend({
  name: z.string().min(1).max(100),
  accountType: QboAccountTypeSchema,
  accountSubType: z.string().optional(),
  classification: QboAccountClassificationSchema.optional(),
  currentBalanceCents: z.number().int().default(0),
});
export type QboAccount = z.infer<typeof QboAccountSchema>;
