import { z } from "zod";
import { QboIdSchema } from "./qbo_reference.ts";

/** Fields every QBO name-list object carries (Customer, Vendor, Item, Account, Class, Department). */
export const QboNameRecordSchema = z.object({
  id: QboIdSchema,
  syncToken: z.string().min(1),
  active: z.boolean().default(true),
  /** ISO-8601 instant of MetaData.LastUpdatedTime. */
  lastUpdated: z.string(),
});
export type QboNameRecord = z.infer<typeof QboNameRecordSchema>;

/** A QBO postal address (BillAddr) as the core compares it. */
export const QboAddressSchema = z.object({
  line1: z.string().optional(),
  line2: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});
export type QboAddress = z.infer<typeof QboAddressSchema>;
