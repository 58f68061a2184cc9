import { z } from "zod";
import { EntityIdSchema } from "./entity_id.ts";
import { PostalAddressSchema } from "./postal_address.ts";

/**
 * A managed property (building or complex). `short_code` is a compact label used in QBO document
 * numbers, which are limited to 21 characters; without it the property id is used. Invariants (see
 * README.md): strict fields, `name` not blank, `organization_id` the caller's organization.
 *
 * @example
 * ```ts
 * PropertySchema.parse({ id: "prop_1", organization_id: "org_1", name: "Maple Court" });
 * ```
 */
export const PropertySchema = z.strictObject({
  id: EntityIdSchema,
  organization_id: EntityIdSchema,
  name: z.string().trim().min(1, "name must not be blank").max(100),
  short_code: z.string().regex(/^[A-Za-z0-9-]{1,8}$/).optional(),
  address: PostalAddressSchema.optional(),
  active: z.boolean().default(true),
}).meta({
  id: "Property",
  description: "A property (building or complex) of the organization; its own property scope.",
});
export type Property = z.infer<typeof PropertySchema>;
