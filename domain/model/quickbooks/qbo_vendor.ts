import { z } from "zod";
import { QboAddressSchema, QboNameRecordSchema } from "./qbo_name_record.ts";

/**
 * A QBO Vendor.
 *
 * @example
 * ```ts
 * QboVendorSchema.parse({ id: "41", syncToken: "0", lastUpdated: "2026-03-01T00:00:00Z", displayName: "Ace Plumbing" });
 * ```
 */
export const QboVendorSchema = QboNameRecordSchema.extend({
  displayName: z.string().min(1).max(500),
  companyName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  billAddr: QboAddressSchema.optional(),
  vendor1099: z.boolean().default(false),
  balanceCents: z.number().int().default(0),
});
export type QboVendor = z.infer<typeof QboVendorSchema>;
