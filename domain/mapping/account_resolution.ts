import { DomainError } from "../errors.ts";
import type { ExpenseCategory } from "../model/estatecore/expense.ts";
import type { QboId } from "../model/quickbooks/qbo_reference.ts";
import { ACCOUNT_PURPOSE_FALLBACK, type AccountMapping, type AccountPurpose } from "./account_mapping.ts";
import { ownEntry } from "./own_entry.ts";

/**
 * Like {@link resolveAccount} but answers `undefined` instead of throwing; pass `undefined` as the
 * property to look at the organization defaults only.
 *
 * @example
 * ```ts
 * findAccount(mapping, undefined, "rental_income"); // "79" (the org default)
 * ```
 */
export function findAccount(
  mapping: AccountMapping,
  propertyId: string | undefined,
  purpose: AccountPurpose,
): QboId | undefined {
  let current: AccountPurpose | undefined = purpose;
  while (current !== undefined) {
    const found = (propertyId === undefined
      ? undefined
      : ownEntry(mapping.property_overrides, propertyId)?.accounts[current]) ??
      mapping.defaults.accounts[current];
    if (found !== undefined) {
      return found;
    }
    current = ACCOUNT_PURPOSE_FALLBACK[current];
  }
  return undefined;
}

/**
 * Resolves the QBO account for a purpose at a property: the property's override first, then the
 * organization default, then the purpose's documented fallback (e.g. pet fees -> other income).
 * Throws DomainError QB006 naming the property and purpose when nothing is mapped.
 *
 * @example
 * ```ts
 * resolveAccount(mapping, "prop_1", "rental_income"); // "79"
 * ```
 */
export function resolveAccount(mapping: AccountMapping, propertyId: string, purpose: AccountPurpose): QboId {
  const found = findAccount(mapping, propertyId, purpose);
  if (found !== undefined) return found;
  throw new DomainError(
    "QB006",
    `No QuickBooks account mapped for ${purpose} at property ${propertyId}`,
    { property_id: propertyId, purpose },
  );
}

/**
 * Resolves the expense account of a category at a property (override, then default). Throws
 * DomainError QB006 naming the property and the category when it is unmapped.
 *
 * @example
 * ```ts
 * resolveExpenseAccount(mapping, "prop_1", "utilities"); // "61"
 * ```
 */
export function resolveExpenseAccount(
  mapping: AccountMapping,
  propertyId: string,
  category: ExpenseCategory,
): QboId {
  const found = ownEntry(ownEntry(mapping.property_overrides, propertyId)?.expense_accounts, category) ??
    ownEntry(mapping.defaults.expense_accounts, category);
  if (found !== undefined) return found;
  throw new DomainError(
    "QB006",
    `No QuickBooks expense account mapped for category ${category} at property ${propertyId}`,
    { property_id: propertyId, expense_category: category },
  );
}
