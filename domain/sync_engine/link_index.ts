import type { InvoiceGroup } from "../mapping/to_quickbooks/invoice_grouping.ts";
import type { LinkedQboIds } from "../mapping/resolution_context.ts";
import type { SyncLink } from "../sync/sync_record.ts";
import type { Portfolio } from "./portfolio.ts";

/**
 * Record ids the sync engine uses for QBO objects that stand for something other than one
 * EstateCore record: a property's parent customer, an item, a charge group's invoice, the parts
 * of a deposit disposition and of an expense, an NSF fee.
 */
export const recordIds = {
  propertyCustomer: (propertyId: string) => `property:${propertyId}`,
  item: (name: string) => `item:${name}`,
  invoice: (groupKey: string) => `inv:${groupKey}`,
  nsfFee: (paymentId: string) => `nsf:${paymentId}`,
  part: (recordId: string, key: string) => `${recordId}#${key}`,
} as const;

/**
 * Turns the stored links into the id directory the mappers read (tenant -> Customer id, charge ->
 * Invoice id, ...). Only links of objects that still count in QBO (state active) are used.
 */
export function linkedIdsFrom(links: readonly SyncLink[], groups: readonly InvoiceGroup[]): LinkedQboIds {
  const customers: Record<string, string> = {};
  const propertyCustomers: Record<string, string> = {};
  const classes: Record<string, string> = {};
  const departments: Record<string, string> = {};
  const items: Record<string, string> = {};
  const invoicesByGroup: Record<string, string> = {};
  const vendors: Record<string, string> = {};
  const bills: Record<string, string> = {};
  const payments: Record<string, { id: string; syncToken: string }> = {};
  const dispositionJournals: Record<string, string> = {};
  for (const link of links) {
    if (link.state !== "active" && link.entityType !== "Payment") continue;
    const id = link.recordId;
    switch (link.entityType) {
      case "Customer":
        if (id.startsWith("property:")) propertyCustomers[id.slice("property:".length)] = link.qboId;
        else customers[id] = link.qboId;
        break;
      case "Class":
        classes[id] = link.qboId;
        break;
      case "Department":
        departments[id] = link.qboId;
        break;
      case "Item":
        if (id.startsWith("item:")) items[id.slice("item:".length)] = link.qboId;
        break;
      case "Invoice":
        if (id.startsWith("inv:")) invoicesByGroup[id.slice("inv:".length)] = link.qboId;
        break;
      case "Vendor":
        vendors[id] = link.qboId;
        break;
      case "Bill":
        bills[id.replace(/#bill$/, "")] = link.qboId;
        break;
      case "Payment":
        if (!id.includes("#")) payments[id] = { id: link.qboId, syncToken: link.syncToken };
        break;
      case "JournalEntry":
        if (id.endsWith("#deposit_journal")) {
          dispositionJournals[id.slice(0, -"#deposit_journal".length)] = link.qboId;
        }
        break;
    }
  }
  const invoicesByCharge: Record<string, string> = {};
  for (const group of groups) {
    const invoiceId = invoicesByGroup[group.key];
    if (invoiceId) { for (const charge of group.charges) invoicesByCharge[charge.id] = invoiceId; }
  }
  return {
    customers,
    propertyCustomers,
    classes,
    departments,
    items,
    invoicesByCharge,
    vendors,
    bills,
    payments,
    dispositionJournals,
  };
}

/**
 * The links other records may reference: a name or list object whose EstateCore record is deleted
 * (a property's class, location or parent customer, a unit's, a tenant's customer, a vendor) is
 * about to be made inactive, and QBO refuses references to inactive names (610), so what refers to
 * it waits until the record is sent again.
 *
 * @example
 * ```ts
 * referenceableLinks(links, portfolio).some((l) => l.recordId === "property:prop_2"); // false once prop_2 is deleted
 * ```
 */
export function referenceableLinks(links: readonly SyncLink[], portfolio: Portfolio): readonly SyncLink[] {
  const deleted = new Set<string>();
  const note = (type: string, list: readonly { data: { id: string }; deleted: boolean }[]) => {
    for (const r of list) if (r.deleted) deleted.add(`${type}:${r.data.id}`);
  };
  note("property", portfolio.properties);
  note("unit", portfolio.units);
  note("tenant", portfolio.tenants);
  note("vendor", portfolio.vendors);
  if (deleted.size === 0) return links;
  const removed = (link: SyncLink) => {
    const id = link.recordId;
    switch (link.entityType) {
      case "Customer":
        return id.startsWith("property:") ? deleted.has(id) : deleted.has(`tenant:${id}`);
      case "Class":
      case "Department":
        return deleted.has(`property:${id}`) || deleted.has(`unit:${id}`);
      case "Vendor":
        return deleted.has(`vendor:${id}`);
    }
    return false;
  };
  return links.filter((l) => !removed(l));
}
