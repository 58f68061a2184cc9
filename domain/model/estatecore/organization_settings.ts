import { z } from "zod";

/**
 * How a property appears in QBO: a Class, a Location (QBO "Department") or a parent Customer. With
 * "parent_customer", tenants become sub-customers (`Job: true`) of their property's customer.
 */
export const PropertyTrackingSchema = z.enum(["class", "location", "parent_customer"]);
export type PropertyTracking = z.infer<typeof PropertyTrackingSchema>;

/** How a unit appears in QBO: not at all, as a sub-Class/sub-Location of its property, or in line descriptions. */
export const UnitTrackingSchema = z.enum(["none", "sub_class", "description"]);
export type UnitTracking = z.infer<typeof UnitTrackingSchema>;

/** Where received payments land: Undeposited Funds (grouped into bank deposits later) or the bank directly. */
export const DepositToSchema = z.enum(["undeposited_funds", "bank"]);
export type DepositTo = z.infer<typeof DepositToSchema>;

/** Who wins when a synced record changed on both sides (see domain.md "Sync semantics"). */
export const ConflictPolicySchema = z.enum([
  "estatecore_wins",
  "quickbooks_wins",
  "timestamp_based",
  "manual",
]);
export type ConflictPolicy = z.infer<typeof ConflictPolicySchema>;
