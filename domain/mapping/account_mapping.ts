import { z } from "zod";
import { EntityIdSchema } from "../model/estatecore/entity_id.ts";
import { ExpenseCategorySchema } from "../model/estatecore/expense.ts";
import { QboIdSchema } from "../model/quickbooks/qbo_reference.ts";

/**
 * What an account is used for. The core never names a QBO account directly: it asks for a purpose
 * at a property and the mapping answers with a QBO account id.
 *
 * - `rental_income`, `late_fee_income`, `other_income`: income of the matching charges.
 * - `utility_income`, `pet_fee_income`, `damage_income`: optional; fall back to `other_income`.
 * - `security_deposit_liability`: deposits are held as a liability, never income when received.
 * - `accounts_receivable`, `accounts_payable`, `undeposited_funds`, `operating_bank`, `credit_card`.
 */
export const AccountPurposeSchema = z.enum([
  "rental_income",
  "late_fee_income",
  "other_income",
  "utility_income",
  "pet_fee_income",
  "damage_income",
  "security_deposit_liability",
  "accounts_receivable",
  "undeposited_funds",
  "operating_bank",
  "credit_card",
  "accounts_payable",
]);
export type AccountPurpose = z.infer<typeof AccountPurposeSchema>;

/**
 * A purpose that may be left unmapped and is then served by another purpose's account. The
 * fallback is written down here so the accountant can see where, say, pet fees post by default.
 */
export const ACCOUNT_PURPOSE_FALLBACK: Readonly<Partial<Record<AccountPurpose, AccountPurpose>>> = {
  utility_income: "other_income",
  pet_fee_income: "other_income",
  damage_income: "other_income",
};

/** A set of QBO account ids by purpose, plus expense accounts by category; every entry optional. */
export const AccountAssignmentsSchema = z.object({
  accounts: z.partialRecord(AccountPurposeSchema, QboIdSchema).default({}),
  expense_accounts: z.record(ExpenseCategorySchema, QboIdSchema).default({}),
});
export type AccountAssignments = z.infer<typeof AccountAssignmentsSchema>;

/**
 * A property's overrides. `item_label` names the property in the items created for it when an
 * override changes an item's account ("Rent - Maple Court"); the property id is used otherwise.
 */
export const PropertyAccountOverrideSchema = AccountAssignmentsSchema.extend({
  item_label: z.string().trim().min(1).max(60).optional(),
});
export type PropertyAccountOverride = z.infer<typeof PropertyAccountOverrideSchema>;

/**
 * An organization's account mapping: defaults overridable per property.
 *
 * @example
 * ```ts
 * const mapping = AccountMappingSchema.parse({
 *   organization_id: "org_1",
 *   defaults: { accounts: { rental_income: "79", accounts_receivable: "84" }, expense_accounts: { utilities: "61" } },
 *   property_overrides: { prop_2: { accounts: { rental_income: "80" }, item_label: "Oak Plaza" } },
 * });
 * ```
 */
export const AccountMappingSchema = z.object({
  organization_id: EntityIdSchema,
  defaults: AccountAssignmentsSchema.default({ accounts: {}, expense_accounts: {} }),
  property_overrides: z.record(EntityIdSchema, PropertyAccountOverrideSchema).default({}),
});
export type AccountMapping = z.infer<typeof AccountMappingSchema>;
