import { z } from "zod";
import { QboIdSchema } from "./qbo_reference.ts";
import { QboNameRecordSchema } from "./qbo_name_record.ts";

/**
 * A QBO Department, shown as "Location" in the UI (a property, or a unit as a sub-location).
 *
 * @example
 * ```ts
 * QboDepartmentSchema.parse({ id: "3", syncToken: "0", lastUpdated: "2026-03-01T00:00:00Z", name: "Maple Court" });
 * ```
 */
export const QboDepartmentSchema = QboNameRecordSchema.extend({
  name: z.string().min(1).max(100),
  parentId: QboIdSchema.optional(),
  fullyQualifiedName: z.string().optional(),
});
export type QboDepartment = z.infer<typeof QboDepartmentSchema>;
