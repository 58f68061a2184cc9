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
 */
export type EstatecoreSide =
  | { readonly kind: "mapped"; readonly values: Readonly<Record<string, unknown>> }
  | { readonly kind: "removed" }
  | {
    readonly kind: "unmapped";
    readonly values: Readonly<Record<string, unknown>>;
    readonly unknown: readonly string[];
    readonly why: NotMapped;
  };

/** What EstateCore holds now for the record a link stands for (see `EstatecoreSide`). */
export function estatecoreSideOf(
  snapshot: DesiredSnapshot,
  link: Pick<StoredSyncLink, "entityType" | "recordId" | "baseSnapshot">,
): EstatecoreSide {
  const desired = snapshot.desiredOf(link.entityType, link.recordId);
  if (desired) {
    return desired.state === "active" ? { kind: "mapped", values: desired.payload } : { kind: "removed" };
  }
  const owners = snapshot.owners.ownersOf(link.entityType, link.recordId);
  const recordType = owners[0]?.recordType ?? link.entityType;
  const base = link.baseSnapshot;
  if (!(snapshot.sync.record_types as readonly string[]).includes(recordType)) {
    const [why] = notMappedOf(snapshot, { recordType, recordId: link.recordId, deleted: false });
    return { kind: "unmapped", values: base, unknown: Object.keys(base), why };
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
  if (link.entityType === "Customer" && recordType === "tenant") {
    const own = tenantCustomerFields(live[0].record.data as Tenant);
    const values: Record<string, unknown> = { ...base };
    for (const field of TENANT_CUSTOMER_FIELDS) {
      if (own[field] === undefined) delete values[field];
      else values[field] = own[field];
    }
    // The DisplayName of a linked tenant is the one QBO holds (pinned), mapped or not.
    const known = new Set<string>([...TENANT_CUSTOMER_FIELDS, "DisplayName"]);
    return { kind: "unmapped", values, unknown: Object.keys(base).filter((k) => !known.has(k)), why };
  }
  return { kind: "unmapped", values: base, unknown: Object.keys(base), why };
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
