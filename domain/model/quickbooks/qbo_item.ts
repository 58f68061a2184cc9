import { z } from "zod";
import { QboIdSchema } from "./qbo_reference.ts";
import { QboNameRecordSchema } from "./qbo_name_record.ts";

/** Item kinds; the integration only creates Service items. */
export const QboItemTypeSchema = z.enum(["Service", "NonInventory", "Inventory", "Category", "Group"]);
export type QboItemType = z.infer<typeof QboItemTypeSchema>;

/**
 * A QBO Item (product/service). A Service item carries the income (or liability) account its sales post to.
 *
 * @example
 * ```ts
 * QboItemSchema.parse({
 *   id: "7", syncToken: "0", lastUpdated: "2026-03-01T00:00:00Z", name: "Rent", type: "Service", incomeAccountId: "79",
 * });
 * ```
 */
export const QboItemSchema = QboNameRecordSchema.extend({
  name: z.string().min(1).max(100),
  type: QboItemTypeSchema,
  incomeAccountId: QboIdSchema.optional(),
  expenseAccountId: QboIdSchema.optional(),
  description: z.string().optional(),
});
export type QboItem = z.infer<typeof QboItemSchema>;
