import type { QboCustomer } from "../../domain/model/quickbooks/qbo_customer.ts";

type Json = Readonly<Record<string, unknown>>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const obj = (v: unknown): Json => (v && typeof v === "object" ? v as Json : {});

/** A QBO Customer's JSON (or a snapshot of some of its fields) as the core's QboCustomer. */
export function qboCustomerOf(payload: Json): QboCustomer {
  const addr = obj(payload.BillAddr);
  return {
    id: String(payload.Id ?? "0"),
    syncToken: String(payload.SyncToken ?? "0"),
    active: payload.Active !== false,
    lastUpdated: String(obj(payload.MetaData).LastUpdatedTime ?? ""),
    displayName: String(payload.DisplayName ?? "-"),
    givenName: str(payload.GivenName),
    familyName: str(payload.FamilyName),
    companyName: str(payload.CompanyName),
    email: str(obj(payload.PrimaryEmailAddr).Address),
    phone: str(obj(payload.PrimaryPhone).FreeFormNumber),
    billAddr: payload.BillAddr === undefined ? undefined : {
      line1: str(addr.Line1),
      line2: str(addr.Line2),
      city: str(addr.City),
      region: str(addr.CountrySubDivisionCode),
      postalCode: str(addr.PostalCode),
      country: str(addr.Country),
    },
    job: payload.Job === true,
    balanceCents: 0,
  } as QboCustomer;
}
