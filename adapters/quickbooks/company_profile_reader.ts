import type { CompanyProfile, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { QboHttpClient } from "./qbo_http_client.ts";
import { companyInfoResponseSchema, preferencesResponseSchema } from "./wire/company_schemas.ts";
import { parseWire } from "./wire/parse_wire.ts";

/**
 * Company name from CompanyInfo, and whether Class / Location (Department) tracking is on from
 * Preferences: properties can only be tracked as classes or locations when the company's plan
 * and settings allow it, so the connect flow reports these capabilities up front.
 */
export async function readCompanyProfile(
  client: QboHttpClient,
  target: QuickBooksTarget,
): Promise<CompanyProfile> {
  const info = parseWire(
    companyInfoResponseSchema,
    await client.send(target, { method: "GET", path: `/companyinfo/${encodeURIComponent(target.realmId)}` }),
    "CompanyInfo",
  );
  const preferences = parseWire(
    preferencesResponseSchema,
    await client.send(target, { method: "GET", path: "/preferences" }),
    "Preferences",
  );
  const accounting = preferences.Preferences.AccountingInfoPrefs;
  return {
    companyName: info.CompanyInfo.CompanyName,
    classTracking: accounting.ClassTrackingPerTxnLine
      ? "per_line"
      : accounting.ClassTrackingPerTxn
      ? "per_transaction"
      : "off",
    locationTracking: accounting.TrackDepartments,
    locationTerminology: accounting.DepartmentTerminology ?? null,
  };
}
