import { z } from "zod";
import { EntityIdSchema } from "./entity_id.ts";
import { PostalAddressSchema } from "./postal_address.ts";

/**
 * A tenant (resident). `property_id`/`unit_id` name the current residence; they feed the display
 * name template and the disambiguation suffix ("Jane Doe (Maple Ct 4B)"). Invariants: strict fields;
 * first name, last name and company name, each trimmed, are not all blank; `unit_id` (when set)
 * is a unit of `property_id` (see README.md).
 *
 * @example
 * ```ts
 * TenantSchema.parse({ id: "ten_1", first_name: "Jane", last_name: "Doe", property_id: "prop_1" });
 * ```
 */
export const TenantSchema = z.strictObject({
  id: EntityIdSchema,
  first_name: z.string().trim().max(100).default(""),
  last_name: z.string().trim().max(100).default(""),
  company_name: z.string().trim().min(1, "company_name must not be blank when given").max(100).optional(),
  email: z.email().optional(),
  phone: z.string().max(30).optional(),
  mailing_address: PostalAddressSchema.optional(),
  property_id: EntityIdSchema.optional(),
  unit_id: EntityIdSchema.optional(),
  active: z.boolean().default(true),
}).refine((t) => `${t.first_name}${t.last_name}${t.company_name ?? ""}`.trim().length > 0, {
  message: "a tenant needs a first name, last name or company name",
  path: ["last_name"],
}).meta({
  id: "Tenant",
  description:
    "A tenant: a person or company; at least one of `first_name`, `last_name`, `company_name` is not blank.",
});
export type Tenant = z.infer<typeof TenantSchema>;
