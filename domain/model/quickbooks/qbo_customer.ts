import { z } from "zod";
import { QboIdSchema } from "./qbo_reference.ts";
import { QboAddressSchema, QboNameRecordSchema } from "./qbo_name_record.ts";

/**
 * A QBO Customer (a tenant, or a property's parent customer). `parentId` + `job` make it a
 * sub-customer; `fullyQualifiedName` is "Parent:Child".
 *
 * @example
 * ```ts
 * QboCustomerSchema.parse({ id: "58", syncToken: "0", lastUpdated: "2026-03-01T00:00:00Z", displayName: "Jane Doe" });
 * ```
 */
export const QboCustomerSchema = QboNameRecordSchema.extend({
  displayName: z.string().min(1).max(500),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  companyName: z.string().optional(),
  fullyQualifiedName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  billAddr: QboAddressSchema.optional(),
  job: z.boolean().default(false),
  parentId: QboIdSchema.optional(),
  balanceCents: z.number().int().default(0),
});
export type QboCustomer = z.infer<typeof QboCustomerSchema>;
