import { z } from "zod";

/**
 * A postal address as EstateCore stores it (tenant mailing address, vendor remit-to address).
 * Strict (unknown fields refused); `line1` is not blank after trimming.
 *
 * @example
 * ```ts
 * PostalAddressSchema.parse({ line1: "12 Maple Ct", city: "Austin", region: "TX", postal_code: "78701" });
 * ```
 */
export const PostalAddressSchema = z.strictObject({
  line1: z.string().trim().min(1, "line1 must not be blank").max(500),
  line2: z.string().max(500).optional(),
  city: z.string().max(255).optional(),
  region: z.string().max(255).optional(),
  postal_code: z.string().max(30).optional(),
  country: z.string().max(255).optional(),
}).meta({
  id: "PostalAddress",
  description: "A postal address.",
});
export type PostalAddress = z.infer<typeof PostalAddressSchema>;
