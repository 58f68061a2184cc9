import { z } from "zod";

/**
 * A postal address as EstateCore stores it (tenant mailing address, vendor remit-to address).
 *
 * @example
 * ```ts
 * PostalAddressSchema.parse({ line1: "12 Maple Ct", city: "Austin", region: "TX", postal_code: "78701" });
 * ```
 */
export const PostalAddressSchema = z.object({
  line1: z.string().min(1).max(500),
  line2: z.string().max(500).optional(),
  city: z.string().max(255).optional(),
  region: z.string().max(255).optional(),
  postal_code: z.string().max(30).optional(),
  country: z.string().max(255).optional(),
});
export type PostalAddress = z.infer<typeof PostalAddressSchema>;
