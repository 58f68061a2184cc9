import { z } from "zod";
import { EntityIdSchema } from "./entity_id.ts";
import { PostalAddressSchema } from "./postal_address.ts";

/**
 * A vendor (plumber, utility company, landscaper) paid for work on properties. Strict fields, `name`
 * not blank after trimming.
 *
 * @example
 * ```ts
 * VendorSchema.parse({ id: "ven_1", name: "Ace Plumbing" });
 * ```
 */
export const VendorSchema = z.strictObject({
  id: EntityIdSchema,
  name: z.string().trim().min(1, "name must not be blank").max(100),
  email: z.email().optional(),
  phone: z.string().max(30).optional(),
  address: PostalAddressSchema.optional(),
  tax_id: z.string().max(20).optional(),
  is_1099: z.boolean().default(false),
  active: z.boolean().default(true),
}).meta({
  id: "Vendor",
  description: "A vendor paid for work on properties (organization-wide).",
});
export type Vendor = z.infer<typeof VendorSchema>;
