import type { NotMapped } from "../../domain/mapping/rules_preview.ts";
import {
  TENANT_CUSTOMER_FIELDS,
  tenantCustomerFields,
} from "../../domain/mapping/to_quickbooks/tenant_to_customer.ts";
import type { Tenant } from "../../domain/model/estatecore/tenant.ts";
import type { StoredSyncLink } from "../../domain/ports/sync_link_repository.ts";
import type { OwnerRecord } from "../../domain/sync_engine/record_owners.ts";
import type { Portfolio, Versioned } from "../../domain/sync_engine/portfolio.ts";
import { type DesiredSnapshot, notMappedOf } from "./desired_snapshot.ts";

/**
 * What EstateCore holds now for the record behind a link, in the shape of the QBO object: what a
 * pull merges against (never the last synced snapshot standing in for it).
 * - `mapped`: the record as the push would write it now;
 * - `removed`: EstateCore deleted it (or every charge of its invoice): the push removes the object;
 * - `unmapped`: the record exists but cannot be mapped now (`why`: waiting for a reference, a
 *   mapping error, a record type not synced). `values` holds what the record tells by itself (a
 *   tenant's names, e-mail, phone, address and active flag); the fields in `unknown` have no
 *   EstateCore value to compare with.
 *
 * `shape` is what the QBO object is compared on: the fields last synced and, for a tenant, every
 * customer field it can fill (so one QBO filled first reaches the tenant too).
 */
export type EstatecoreSide =
  | { readonly kind: "mapped"; readonly values: Json; readonly shape: Json }
  | { readonly kind: "removed" }
  | {
    readonly kind: "unmapped";
    readonly values: Json;
    readonly shape: Json;
    readonly unknown: readonly string[];
    readonly why: NotMapped;
  };
type Json = Readonly<Record<string, unknown>>;

/**
 * Every customer field a tenant can fill that QBO never fills by itself (it defaults `Active`), in
 * the shape QBO's values are read back in.
 */
const { Active: _defaulted, ...TENANT_CUSTOMER_SHAPE }: Json = tenantCustomerFields({
  id: "shape",
  first_name: "-",
  last_name: "-",
  company_name: "-",
  email: "-",
  phone: "-",
  mailing_address: { line1: "-", line2: "-", city: "-", region: "-", postal_code: "-", country: "-" },
  active: true,
});

/** What EstateCore holds now for the record a link stands for (see `EstatecoreSide`). */
export function estatecoreSideOf(
  snapshot: DesiredSnapshot,
  link: Pick<StoredSyncLink, "entityType" | "recordId" | "baseSnapshot">,
): EstatecoreSide {
  const owners = snapshot.owners.ownersOf(link.entityType, link.recordId);
  const recordType = owners[0]?.recordType ?? link.entityType;
  const base = link.baseSnapshot;
  const tenant = link.entityType === "Customer" && recordType === "tenant";
  // Only a tenant's own fields are compared beyond the last synced ones: QBO fills none of them by
  // itself, whereas it has defaults (Job, BillWithParent, ...) for others the push has not written.
  const shape: Json = { ...base, ...(tenant ? TENANT_CUSTOMER_SHAPE : {}) };
  const desired = snapshot.desiredOf(link.entityType, link.recordId);
  if (desired?.state === "active") {
    return { kind: "mapped", values: desired.payload, shape };
  }
  if (desired) return { kind: "removed" };
  if (!(snapshot.sync.record_types as readonly string[]).includes(recordType)) {
    const [why] = notMappedOf(snapshot, { recordType, recordId: link.recordId, deleted: false });
    return { kind: "unmapped", values: base, shape, unknown: Object.keys(base), why };
  }
  const live = owners.flatMap((o) => {
    const record = storedRecord(snapshot.portfolio, o);
    return record && !record.deleted ? [{ owner: o, record }] : [];
  });
  if (live.length === 0) return { kind: "removed" };
  const why = notMappedOf(snapshot, { ...live[0].owner, deleted: false })[0] ?? {
    reason: "mapping_error" as const,
    code: null,
    message: `${recordType} ${live[0].owner.recordId} cannot be mapped`,
    missing: [],
  };
  if (!tenant) {
    return { kind: "unmapped", values: base, shape, unknown: Object.keys(base), why };
  }
  const own = tenantCustomerFields(live[0].record.data as Tenant);
  const values: Record<string, unknown> = { ...base };
  for (const field of TENANT_CUSTOMER_FIELDS) {
    if (own[field] === undefined) delete values[field];
    else values[field] = own[field];
  }
  // The DisplayName of a linked tenant is the one QBO holds (pinned), mapped or not.
  const known = new Set<string>([...TENANT_CUSTOMER_FIELDS, "DisplayName"]);
  const unknown = Object.keys(base).filter((k) => !known.has(k));
  return { kind: "unmapped", values, shape, unknown, why };
}

function storedRecord(portfolio: Portfolio, owner: OwnerRecord): Versioned<{ id: string }> | undefined {
  const lists: Readonly<Record<string, readonly Versioned<{ id: string }>[]>> = {
    property: portfolio.properties,
    unit: portfolio.units,
    tenant: portfolio.tenants,
    lease: portfolio.leases,
    charge: portfolio.charges,
    payment: portfolio.payments,
    deposit_disposition: portfolio.dispositions,
    vendor: portfolio.vendors,
    expense: portfolio.expenses,
  };
  return lists[owner.recordType]?.find((r) => r.data.id === owner.recordId);
}
