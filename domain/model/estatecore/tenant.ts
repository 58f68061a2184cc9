import { z } from "zod";
import { EntityIdSchema } from "./entity_id.ts";
import { PostalAddressSchema } from "./postal_address.ts";

/**
 * A tenant (resident). `property_id`/`unit_id` name the current residence; they feed the display
 * name template and the disambiguation suffix ("Jane Doe (Maple Ct 4B)").
 *
 * @example
 * ```ts
 * TenantSchema.parse({ id: "ten_1", first_name: "Jane", last_name: "Doe", property_id: "prop_1" });
 * ```
 */
export const TenantSchema = z.object({
  id: EntityIdSchema,
  first_name: z.string().trim().max(100).default(""),
  last_name: z.string().trim().max(100).default(""),
  company_name: z.string().trim().max(100).optional(),
  email: z.email().optional(),
  phone: z.string().max(30).optional(),
  mailing_address: PostalAddressSchema.optional(),
  property_id: EntityIdSchema.optional(),
  unit_id: EntityIdSchema.optional(),
  active: z.boolean().default(true),
}).refine((t) => `${t.first_name}${t.last_name}${t.company_name ?? ""}`.trim().length > 0, {
  message: "a tenant needs a first name, last name or company name",
  path: ["last_name"],
});
export type Tenant = z.infer<typeof TenantSchema>;
