import { CHARGE_ITEM_NAMES } from "../mapping/charge_items.ts";
import { groupChargesIntoInvoices } from "../mapping/to_quickbooks/invoice_grouping.ts";
import type { SyncLink } from "../sync/sync_record.ts";
import { recordIds } from "../sync_engine/link_index.ts";
import type { Portfolio } from "../sync_engine/portfolio.ts";

/** Who a transaction record belongs to in EstateCore: tenant (or vendor) and property. */
export interface RecordOwner {
  readonly customerId: string;
  readonly propertyId: string;
}

/**
 * The id directory that maps both ledgers into EstateCore's id space: QBO customers, classes,
 * departments and vendors to tenants, properties and vendors (through the sync links), linked QBO
 * transactions to their EstateCore record, and EstateCore transaction records to their owners.
 * Anything QBO holds without a link keeps a "qbo:" id so it never matches by accident.
 */
export interface ReconciliationDirectory {
  /** `${entityType}/${qboId}` -> link, for transactions. */
  readonly linkByQboKey: ReadonlyMap<string, SyncLink>;
  /** `${entityType}/${recordId}` -> link. */
  readonly linkByRecordKey: ReadonlyMap<string, SyncLink>;
  readonly tenantOfCustomer: ReadonlyMap<string, string>;
  readonly propertyOfCustomer: ReadonlyMap<string, string>;
  readonly propertyOfTracking: ReadonlyMap<string, string>;
  readonly vendorOfQboVendor: ReadonlyMap<string, string>;
  readonly propertyOfTenant: ReadonlyMap<string, string>;
  /** Base record id (before any "#part") -> owner. */
  readonly ownerOfRecord: ReadonlyMap<string, RecordOwner>;
  /** QBO ids of the security-deposit items (their lines are deposits, not income). */
  readonly depositItemIds: ReadonlySet<string>;
}

/**
 * Builds the directory from the company's links and the organization's portfolio.
 *
 * @example
 * ```ts
 * const dir = reconciliationDirectory(links, portfolio);
 * dir.tenantOfCustomer.get("58"); // "ten_1_1"
 * dir.ownerOfRecord.get("pay_1_1_01"); // { customerId: "ten_1_1", propertyId: "prop_1" }
 * ```
 */
export function reconciliationDirectory(
  links: readonly SyncLink[],
  portfolio: Portfolio,
): ReconciliationDirectory {
  const unitProperty = new Map(portfolio.units.map((u) => [u.data.id, u.data.property_id]));
  const propertyOfTenant = new Map<string, string>();
  for (const t of portfolio.tenants) {
    if (t.data.property_id) propertyOfTenant.set(t.data.id, t.data.property_id);
  }
  const linkByQboKey = new Map<string, SyncLink>();
  const linkByRecordKey = new Map<string, SyncLink>();
  const tenantOfCustomer = new Map<string, string>();
  const propertyOfCustomer = new Map<string, string>();
  const propertyOfTracking = new Map<string, string>();
  const vendorOfQboVendor = new Map<string, string>();
  const depositItemIds = new Set<string>();
  const depositItem = `item:${CHARGE_ITEM_NAMES.security_deposit}`;
  for (const link of links) {
    linkByQboKey.set(`${link.entityType}/${link.qboId}`, link);
    linkByRecordKey.set(`${link.entityType}/${link.recordId}`, link);
    const id = link.recordId;
    switch (link.entityType) {
      case "Customer":
        if (id.startsWith("property:")) propertyOfCustomer.set(link.qboId, id.slice("property:".length));
        else tenantOfCustomer.set(link.qboId, id);
        break;
      case "Class":
      case "Department":
        propertyOfTracking.set(`${link.entityType}/${link.qboId}`, unitProperty.get(id) ?? id);
        break;
      case "Vendor":
        vendorOfQboVendor.set(link.qboId, id);
        break;
      case "Item":
        if (id === depositItem || id.startsWith(`${depositItem} - `)) depositItemIds.add(link.qboId);
        break;
    }
  }
  return {
    linkByQboKey,
    linkByRecordKey,
    tenantOfCustomer,
    propertyOfCustomer,
    propertyOfTracking,
    vendorOfQboVendor,
    propertyOfTenant,
    ownerOfRecord: recordOwners(portfolio),
    depositItemIds,
  };
}

function recordOwners(portfolio: Portfolio): Map<string, RecordOwner> {
  const owners = new Map<string, RecordOwner>();
  const charges = portfolio.charges.filter((c) => !c.deleted).map((c) => c.data);
  for (const group of groupChargesIntoInvoices(charges)) {
    const first = group.charges[0];
    owners.set(recordIds.invoice(group.key), { customerId: first.tenant_id, propertyId: first.property_id });
  }
  for (const { data: p } of portfolio.payments) {
    const owner = { customerId: p.tenant_id, propertyId: p.property_id };
    owners.set(p.id, owner);
    owners.set(recordIds.nsfFee(p.id), owner);
  }
  for (const { data: e } of portfolio.expenses) {
    owners.set(e.id, { customerId: e.vendor_id, propertyId: e.property_id });
  }
  for (const { data: d } of portfolio.dispositions) {
    owners.set(d.id, { customerId: d.tenant_id, propertyId: d.property_id });
  }
  return owners;
}
