import type { PostalAddress } from "../../model/estatecore/postal_address.ts";
import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import { compact } from "./qbo_refs.ts";

/**
 * An EstateCore postal address as a QBO PhysicalAddress (BillAddr).
 *
 * @example
 * ```ts
 * addressPayload({ line1: "12 Maple Ct", city: "Austin", region: "TX", postal_code: "78701" });
 * // { Line1: "12 Maple Ct", City: "Austin", CountrySubDivisionCode: "TX", PostalCode: "78701" }
 * ```
 */
export function addressPayload(address: PostalAddress): QboPayload {
  return compact({
    Line1: address.line1,
    Line2: address.line2,
    City: address.city,
    CountrySubDivisionCode: address.region,
    PostalCode: address.postal_code,
    Country: address.country,
  });
}
