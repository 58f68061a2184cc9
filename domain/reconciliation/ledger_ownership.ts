import type { ReconciliationDirectory } from "./reconciliation_directory.ts";
import { linesOf, type QboObject, refId } from "./quickbooks_books.ts";

/**
 * The EstateCore party of a QBO-shaped transaction: CustomerRef (tenant), VendorRef (vendor),
 * EntityRef (either, by type), or the Entity of a journal's first line naming one. Unlinked parties
 * keep a "qbo:" id; undefined when the transaction names none.
 *
 * @example
 * ```ts
 * partyOf({ CustomerRef: { value: "58" } }, dir); // "ten_1_1" when customer 58 is linked to that tenant
 * ```
 */
export function partyOf(object: QboObject, dir: ReconciliationDirectory): string | undefined {
  const customer = refId(object.CustomerRef);
  if (customer !== undefined) return tenantOrQbo(customer, dir);
  const vendor = refId(object.VendorRef);
  if (vendor !== undefined) return dir.vendorOfQboVendor.get(vendor) ?? `qbo:vendor:${vendor}`;
  const entity = object.EntityRef as { type?: string } | undefined;
  const entityId = refId(entity);
  if (entityId !== undefined) {
    return entity?.type === "Vendor"
      ? dir.vendorOfQboVendor.get(entityId) ?? `qbo:vendor:${entityId}`
      : tenantOrQbo(entityId, dir);
  }
  for (const line of linesOf(object)) {
    const detail = line.JournalEntryLineDetail as
      | { Entity?: { Type?: string; EntityRef?: unknown } }
      | undefined;
    const id = refId(detail?.Entity?.EntityRef);
    if (id !== undefined) {
      return detail?.Entity?.Type === "Vendor"
        ? dir.vendorOfQboVendor.get(id) ?? `qbo:vendor:${id}`
        : tenantOrQbo(id, dir);
    }
  }
  return undefined;
}

function tenantOrQbo(customerId: string, dir: ReconciliationDirectory): string {
  return dir.tenantOfCustomer.get(customerId) ?? `qbo:customer:${customerId}`;
}

/**
 * The EstateCore property a QBO transaction is booked to: the class of its first line, its
 * location (Department), the parent customer of its customer, or the property of its tenant;
 * "qbo:unassigned" when nothing says.
 *
 * @example
 * ```ts
 * propertyOf({ Line: [{ SalesItemLineDetail: { ClassRef: { value: "5" } } }] }, "ten_1_1", dir, parents);
 * ```
 */
export function propertyOf(
  object: QboObject,
  party: string | undefined,
  dir: ReconciliationDirectory,
  parentOfCustomer: ReadonlyMap<string, string>,
): string {
  for (const line of linesOf(object)) {
    for (const key of ["SalesItemLineDetail", "AccountBasedExpenseLineDetail", "JournalEntryLineDetail"]) {
      const classId = refId((line[key] as Record<string, unknown> | undefined)?.ClassRef);
      const property = classId === undefined ? undefined : dir.propertyOfTracking.get(`Class/${classId}`);
      if (property !== undefined) return property;
    }
  }
  const department = refId(object.DepartmentRef);
  const byDepartment = department === undefined
    ? undefined
    : dir.propertyOfTracking.get(`Department/${department}`);
  if (byDepartment !== undefined) return byDepartment;
  const customer = refId(object.CustomerRef);
  const parent = customer === undefined ? undefined : parentOfCustomer.get(customer);
  const byParent = parent === undefined ? undefined : dir.propertyOfCustomer.get(parent);
  if (byParent !== undefined) return byParent;
  return (party === undefined ? undefined : dir.propertyOfTenant.get(party)) ?? "qbo:unassigned";
}

/** The reference number QBO shows for a transaction (DocNumber, or a payment's PaymentRefNum). */
export function docNumberOf(object: QboObject): string | undefined {
  const doc = object.DocNumber ?? object.PaymentRefNum;
  return typeof doc === "string" && doc !== "" ? doc : undefined;
}
