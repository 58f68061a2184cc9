import { z } from "zod";
import { CurrencySchema } from "../../shared/money.ts";
import { EntityIdSchema } from "./entity_id.ts";

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

/**
 * Per-organization integration settings. The display-name template decides how tenants are named
 * in QBO before any disambiguation; placeholders are validated by the transformation rules.
 *
 * @example
 * ```ts
 * const settings = OrganizationSettingsSchema.parse({ organization_id: "org_1" });
 * settings.property_tracking; // "class"
 * settings.deposit_to; // "undeposited_funds"
 * ```
 */
export const OrganizationSettingsSchema = z.object({
  organization_id: EntityIdSchema,
  property_tracking: PropertyTrackingSchema.default("class"),
  unit_tracking: UnitTrackingSchema.default("description"),
  deposit_to: DepositToSchema.default("undeposited_funds"),
  conflict_policy: ConflictPolicySchema.default("manual"),
  currency: CurrencySchema.default("USD"),
  display_name_template: z.string().min(1).max(200).default("{first_name} {last_name}"),
});
export type OrganizationSettings = z.infer<typeof OrganizationSettingsSchema>;
