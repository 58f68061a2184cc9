import { z } from "zod";
import { QboIdSchema } from "./qbo_reference.ts";
import { QboNameRecordSchema } from "./qbo_name_record.ts";

/**
 * A QBO Class (a property, or a unit as a sub-class of its property).
 *
 * @example
 * ```ts
 * QboClassSchema.parse({ id: "5000000000000007195", syncToken: "0", lastUpdated: "2026-03-01T00:00:00Z", name: "Maple Court" });
 * ```
 */
export const QboClassSchema = QboNameRecordSchema.extend({
  name: z.string().min(1).max(100),
  parentId: QboIdSchema.optional(),
  fullyQualifiedName: z.string().optional(),
});
export type QboClass = z.infer<typeof QboClassSchema>;
