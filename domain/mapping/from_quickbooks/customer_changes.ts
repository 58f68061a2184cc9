import type { PostalAddress } from "../../model/estatecore/postal_address.ts";
import type { QboAddress } from "../../model/quickbooks/qbo_name_record.ts";
import type { QboCustomer } from "../../model/quickbooks/qbo_customer.ts";

/** The tenant fields a QBO customer edit can change. */
export type TenantField = "first_name" | "last_name" | "company_name" | "email" | "phone" | "mailing_address";

/** One tenant field changed in QBO since the last sync. */
export interface TenantFieldChange {
  readonly field: TenantField;
  /** The value at the last sync (base snapshot), in EstateCore terms. */
  readonly before: string | PostalAddress | undefined;
  /** The value now in QBO, in EstateCore terms. */
  readonly after: string | PostalAddress | undefined;
}

/**
 * The tenant fields of a QBO customer, in EstateCore terms. DisplayName is not read back: it is
 * derived (template + disambiguation), the names are GivenName/FamilyName.
 *
 * @example
 * ```ts
 * tenantFieldsOfCustomer(customer).email; // "jane@example.com"
 * ```
 */
export function tenantFieldsOfCustomer(
  customer: QboCustomer,
): Record<TenantField, string | PostalAddress | undefined> {
  return {
    first_name: customer.givenName,
    last_name: customer.familyName,
    company_name: customer.companyName,
    email: customer.email,
    phone: customer.phone,
    mailing_address: customer.billAddr === undefined ? undefined : postalAddressOf(customer.billAddr),
  };
}

/**
 * The tenant fields edited in QBO: those whose value in `current` differs from the base snapshot
 * taken at the last sync. Fields unchanged in QBO are not reported, so the sync's per-field merge
 * only sees what QBO actually touched.
 *
 * @example
 * ```ts
 * tenantChangesFromCustomer(base, { ...base, email: "jane.doe@example.com" });
 * // [{ field: "email", before: "jane@example.com", after: "jane.doe@example.com" }]
 * ```
 */
export function tenantChangesFromCustomer(base: QboCustomer, current: QboCustomer): TenantFieldChange[] {
  const before = tenantFieldsOfCustomer(base);
  const after = tenantFieldsOfCustomer(current);
  return (Object.keys(after) as TenantField[])
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

/**
 * A QBO address as an EstateCore postal address, or undefined when it has no first line.
 *
 * @example
 * ```ts
 * postalAddressOf({ line1: "12 Maple Ct", region: "TX" }); // { line1: "12 Maple Ct", region: "TX" }
 * ```
 */
export function postalAddressOf(address: QboAddress): PostalAddress | undefined {
  if (address.line1 === undefined || address.line1.trim() === "") return undefined;
  const out: PostalAddress = { line1: address.line1 };
  if (address.line2) out.line2 = address.line2;
  if (address.city) out.city = address.city;
  if (address.region) out.region = address.region;
  if (address.postalCode) out.postal_code = address.postalCode;
  if (address.country) out.country = address.country;
  return out;
}
