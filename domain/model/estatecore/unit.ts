import { z } from "zod";
import { EntityIdSchema } from "./entity_id.ts";

/**
 * A rentable unit inside a property ("4B").
 *
 * @example
 * ```ts
 * UnitSchema.parse({ id: "unit_4b", property_id: "prop_1", unit_number: "4B" });
 * ```
 */
export const UnitSchema = z.object({
  id: EntityIdSchema,
  property_id: EntityIdSchema,
  unit_number: z.string().trim().min(1).max(40),
  active: z.boolean().default(true),
});
export type Unit = z.infer<typeof UnitSchema>;
