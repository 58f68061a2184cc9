import { z } from "zod";
import { EntityIdSchema } from "./entity_id.ts";

/**
 * A rentable unit inside a property ("4B"). Strict fields, `unit_number` not blank; the property
 * must exist (see README.md).
 *
 * @example
 * ```ts
 * UnitSchema.parse({ id: "unit_4b", property_id: "prop_1", unit_number: "4B" });
 * ```
 */
export const UnitSchema = z.strictObject({
  id: EntityIdSchema,
  property_id: EntityIdSchema,
  unit_number: z.string().trim().min(1, "unit_number must not be blank").max(40),
  active: z.boolean().default(true),
}).meta({
  id: "Unit",
  description: "A rentable unit of a property.",
});
export type Unit = z.infer<typeof UnitSchema>;
