import { DomainError } from "../errors.ts";
import type { ChargeType } from "../model/estatecore/charge.ts";
import type { QboId } from "../model/quickbooks/qbo_reference.ts";
import type { AccountMapping, AccountPurpose } from "./account_mapping.ts";
import { findAccount, resolveAccount } from "./account_resolution.ts";
import { ownEntry } from "./own_entry.ts";

/** The base QBO item name of each charge type. */
export const CHARGE_ITEM_NAMES: Readonly<Record<ChargeType, string>> = {
  rent: "Rent",
  late_fee: "Late Fee",
  security_deposit: "Security Deposit",
  utility: "Utility",
  pet_fee: "Pet Fee",
  other: "Other Charge",
};

/** The account purpose an item of each charge type posts to (the deposit item posts to a liability). */
export const CHARGE_ACCOUNT_PURPOSE: Readonly<Record<ChargeType, AccountPurpose>> = {
  rent: "rental_income",
  late_fee: "late_fee_income",
  security_deposit: "security_deposit_liability",
  utility: "utility_income",
  pet_fee: "pet_fee_income",
  other: "other_income",
};

/** A Service item the integration finds or creates in QBO; identified by its unique `name`. */
export interface ItemSpec {
  readonly name: string;
  readonly type: "Service";
  readonly charge_type: ChargeType;
  /** The account sales of this item post to (QBO IncomeAccountRef; a liability for deposits). */
  readonly income_account_id: QboId;
}

/**
 * The item a charge type uses at a property. Properties share the organization's item ("Rent")
 * unless their override maps the charge to another account: a QBO item has one income account, so
 * such a property gets its own item ("Rent - Maple Court"). Throws QB006 naming the property and
 * charge type when no account is mapped.
 *
 * @example
 * ```ts
 * resolveItem(mapping, "prop_1", "rent"); // { name: "Rent", type: "Service", charge_type: "rent", income_account_id: "79" }
 * ```
 */
export function resolveItem(mapping: AccountMapping, propertyId: string, chargeType: ChargeType): ItemSpec {
  const purpose = CHARGE_ACCOUNT_PURPOSE[chargeType];
  const account = withChargeType(() => resolveAccount(mapping, propertyId, purpose), chargeType);
  const orgAccount = findAccount(mapping, undefined, purpose);
  const baseName = CHARGE_ITEM_NAMES[chargeType];
  const override = ownEntry(mapping.property_overrides, propertyId);
  const name = account === orgAccount ? baseName : `${baseName} - ${override?.item_label ?? propertyId}`;
  return { name, type: "Service", charge_type: chargeType, income_account_id: account };
}

function withChargeType<T>(resolve: () => T, chargeType: ChargeType): T {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof DomainError && error.code === "QB006") {
      throw new DomainError(
        "QB006",
        `No QuickBooks account mapped for ${chargeType} charges at property ${error.details.property_id}`,
        { ...error.details, charge_type: chargeType },
      );
    }
    throw error;
  }
}

/**
 * Every Service item the integration must find or create for a set of properties and charge types,
 * unique by name and sorted by name. Unmapped combinations raise QB006, so a sync fails before it
 * writes anything.
 *
 * @example
 * ```ts
 * requiredItems(mapping, ["prop_1"], ["rent", "late_fee"]);
 * // [{ name: "Late Fee", ... }, { name: "Rent", ... }]
 * ```
 */
export function requiredItems(
  mapping: AccountMapping,
  propertyIds: readonly string[],
  chargeTypes: readonly ChargeType[] = Object.keys(CHARGE_ITEM_NAMES) as ChargeType[],
): ItemSpec[] {
  const byName = new Map<string, ItemSpec>();
  for (const propertyId of propertyIds) {
    for (const chargeType of chargeTypes) {
      const spec = resolveItem(mapping, propertyId, chargeType);
      const seen = byName.get(spec.name);
      if (seen && seen.income_account_id !== spec.income_account_id) {
        throw new DomainError(
          "VALIDATION_FAILED",
          `Item ${spec.name} would need two income accounts; give the properties distinct item labels`,
          { field: "property_overrides.item_label", item: spec.name, property_id: propertyId },
        );
      }
      byName.set(spec.name, spec);
    }
  }
  return [...byName.values()].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * The QBO create payload of an item spec.
 *
 * @example
 * ```ts
 * itemPayload({ name: "Rent", type: "Service", charge_type: "rent", income_account_id: "79" });
 * // { Name: "Rent", Type: "Service", IncomeAccountRef: { value: "79" } }
 * ```
 */
export function itemPayload(
  spec: ItemSpec,
): { Name: string; Type: "Service"; IncomeAccountRef: { value: string } } {
  return { Name: spec.name, Type: "Service", IncomeAccountRef: { value: spec.income_account_id } };
}
