import type { Tenant } from "../../model/estatecore/tenant.ts";
import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import type { DisplayNameCandidate } from "../display_names.ts";
import { DependencyCollector, mapped, type MappingResult } from "../mapping_result.ts";
import type { ResolutionContext } from "../resolution_context.ts";
import { renderTemplate } from "../text_template.ts";
import { sanitizeQboName } from "../qbo_name_rules.ts";
import { compact, ref } from "./qbo_refs.ts";
import { addressPayload } from "./address_payload.ts";
import { ownEntry } from "../own_entry.ts";

/**
 * The placeholder values of a tenant: names, property name, unit number, id.
 *
 * @example
 * ```ts
 * tenantPlaceholders(jane, ctx); // { first_name: "Jane", last_name: "Doe", property_name: "Maple Ct", unit_number: "4B", tenant_id: "ten_1" }
 * ```
 */
export function tenantPlaceholders(
  tenant: Tenant,
  ctx: ResolutionContext,
): Record<string, string | undefined> {
  const property = tenant.property_id === undefined
    ? undefined
    : ownEntry(ctx.properties, tenant.property_id);
  const unit = tenant.unit_id === undefined ? undefined : ownEntry(ctx.units, tenant.unit_id);
  return {
    first_name: tenant.first_name,
    last_name: tenant.last_name,
    property_name: property?.name,
    unit_number: unit?.unit_number,
    tenant_id: tenant.id,
  };
}

/**
 * A tenant's display-name candidate: the settings' `display_name_template` rendered for the
 * tenant, falling back to the company name; the qualifier used to tell namesakes apart is
 * "<property name> <unit number>". Feed all of an org's candidates to `assignDisplayNames` to get
 * unique names.
 *
 * @example
 * ```ts
 * tenantDisplayNameCandidate(jane, ctx); // { id: "ten_1", preferred: "Jane Doe", qualifier: "Maple Ct 4B" }
 * ```
 */
export function tenantDisplayNameCandidate(
  tenant: Tenant,
  ctx: ResolutionContext,
  pinned?: string,
): DisplayNameCandidate {
  const values = tenantPlaceholders(tenant, ctx);
  const template = ctx.settings.display_name_template;
  const preferred = renderTemplate(template, values) || tenant.company_name || tenant.id;
  const qualifier = [values.property_name, values.unit_number].filter(Boolean).join(" ");
  return { id: tenant.id, preferred, qualifier: qualifier === "" ? undefined : qualifier, pinned };
}

/**
 * Tenant -> QBO Customer payload. `displayName` comes from `assignDisplayNames`. Under
 * parent-customer property tracking the tenant is a sub-customer (`Job: true`, `ParentRef`) of its
 * property's customer, which must be synced first.
 *
 * @example
 * ```ts
 * mapTenantToCustomer(jane, "Jane Doe", ctx);
 * // { ok: true, value: { DisplayName: "Jane Doe", GivenName: "Jane", FamilyName: "Doe", PrimaryEmailAddr: {...}, ... } }
 * ```
 */
export function mapTenantToCustomer(
  tenant: Tenant,
  displayName: string,
  ctx: ResolutionContext,
): MappingResult<QboPayload> {
  const deps = new DependencyCollector();
  const parent = parentRef(tenant, ctx, deps);
  if (deps.hasMissing()) return deps.failure();
  return mapped(compact({
    DisplayName: sanitizeQboName(displayName),
    ...tenantCustomerFields(tenant),
    ...(parent === undefined ? {} : { Job: true, ParentRef: ref(parent), BillWithParent: false }),
  }));
}

/** The customer fields that come from the tenant record alone (`tenantCustomerFields`). */
export const TENANT_CUSTOMER_FIELDS = [
  "GivenName",
  "FamilyName",
  "CompanyName",
  "PrimaryEmailAddr",
  "PrimaryPhone",
  "BillAddr",
  "Active",
] as const;

/**
 * The customer fields a tenant gives by itself, needing neither names of others nor links: what
 * EstateCore holds for them even while the tenant cannot be mapped whole (its parent customer not
 * in QBO yet). A field the tenant lacks is absent (the payload does not send it).
 *
 * @example
 * ```ts
 * tenantCustomerFields(jane); // { GivenName: "Jane", FamilyName: "Doe", PrimaryEmailAddr: { Address: "jane@example.com" }, Active: true }
 * ```
 */
export function tenantCustomerFields(tenant: Tenant): QboPayload {
  return compact({
    GivenName: tenant.first_name === "" ? undefined : sanitizeQboName(tenant.first_name, 100),
    FamilyName: tenant.last_name === "" ? undefined : sanitizeQboName(tenant.last_name, 100),
    CompanyName: tenant.company_name,
    PrimaryEmailAddr: tenant.email === undefined ? undefined : { Address: tenant.email },
    PrimaryPhone: tenant.phone === undefined ? undefined : { FreeFormNumber: tenant.phone },
    BillAddr: tenant.mailing_address === undefined ? undefined : addressPayload(tenant.mailing_address),
    Active: tenant.active,
  });
}

function parentRef(tenant: Tenant, ctx: ResolutionContext, deps: DependencyCollector): string | undefined {
  if (ctx.settings.property_tracking !== "parent_customer" || tenant.property_id === undefined) {
    return undefined;
  }
  return deps.require(
    "Customer",
    "property",
    tenant.property_id,
    ownEntry(ctx.links.propertyCustomers, tenant.property_id),
  );
}
