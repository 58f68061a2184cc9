import type { Vendor } from "../../model/estatecore/vendor.ts";
import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import type { DisplayNameCandidate } from "../display_names.ts";
import { sanitizeQboName } from "../qbo_name_rules.ts";
import { addressPayload } from "./address_payload.ts";
import { compact } from "./qbo_refs.ts";

/**
 * A vendor's display-name candidate (same uniqueness rule as customers: names are unique across
 * customers, vendors and employees, so a vendor namesake of a tenant becomes "Ace (Vendor)").
 *
 * @example
 * ```ts
 * vendorDisplayNameCandidate({ id: "ven_1", name: "Ace Plumbing", ... }); // { id: "ven_1", preferred: "Ace Plumbing", qualifier: "Vendor" }
 * ```
 */
export function vendorDisplayNameCandidate(vendor: Vendor, pinned?: string): DisplayNameCandidate {
  return { id: vendor.id, preferred: vendor.name, qualifier: "Vendor", pinned };
}

/**
 * Vendor -> QBO Vendor payload; `displayName` comes from `assignDisplayNames`.
 *
 * @example
 * ```ts
 * mapVendorToQboVendor(ace, "Ace Plumbing");
 * // { DisplayName: "Ace Plumbing", CompanyName: "Ace Plumbing", Vendor1099: false, Active: true }
 * ```
 */
export function mapVendorToQboVendor(vendor: Vendor, displayName: string): QboPayload {
  return compact({
    DisplayName: sanitizeQboName(displayName),
    CompanyName: sanitizeQboName(vendor.name, 100),
    PrimaryEmailAddr: vendor.email === undefined ? undefined : { Address: vendor.email },
    PrimaryPhone: vendor.phone === undefined ? undefined : { FreeFormNumber: vendor.phone },
    BillAddr: vendor.address === undefined ? undefined : addressPayload(vendor.address),
    TaxIdentifier: vendor.tax_id,
    Vendor1099: vendor.is_1099,
    Active: vendor.active,
  });
}
