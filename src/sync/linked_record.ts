import type { SyncedRecord } from "../../domain/mapping/from_quickbooks/transaction_changes.ts";
import type { StoredSyncLink } from "../../domain/ports/sync_link_repository.ts";
import type { RecordOwners } from "../../domain/sync_engine/record_owners.ts";

/**
 * The EstateCore record a linked QBO object stands for, in EstateCore's own ids: an invoice names
 * the charges billed on it (not the sync engine's group key). What events announce and what
 * property scopes are checked against.
 */
export function linkedRecordOf(
  link: Pick<StoredSyncLink, "entityType" | "recordId">,
  owners: RecordOwners,
): SyncedRecord | undefined {
  const record = syncedRecordOf(link);
  if (record?.record_type !== "charges" || !link.recordId.startsWith("inv:")) return record;
  const charges = owners.ownersOf(link.entityType, link.recordId).filter((o) => o.recordType === "charge");
  return charges.length > 0 ? { ...record, record_ids: charges.map((o) => o.recordId) } : record;
}

/** The properties of the EstateCore records behind a link (empty for organization-wide records). */
export function linkedPropertyIds(
  link: Pick<StoredSyncLink, "entityType" | "recordId">,
  owners: RecordOwners,
): string[] {
  const ids = owners.ownersOf(link.entityType, link.recordId).flatMap((o) =>
    o.propertyId ? [o.propertyId] : []
  );
  return [...new Set(ids)];
}

/** The EstateCore record a linked QBO object stands for, from the link's record id conventions. */
export function syncedRecordOf(
  link: Pick<StoredSyncLink, "entityType" | "recordId">,
): SyncedRecord | undefined {
  const [base] = link.recordId.split("#");
  switch (link.entityType) {
    case "Customer":
      return base.startsWith("property:")
        ? { record_type: "property", record_ids: [base.slice("property:".length)] }
        : { record_type: "tenant", record_ids: [base] };
    case "Vendor":
      return { record_type: "vendor", record_ids: [base] };
    case "Invoice":
      return base.startsWith("nsf:")
        ? { record_type: "payment", record_ids: [base.slice(4)] }
        : { record_type: "charges", record_ids: [base] };
    case "Payment":
      return {
        record_type: link.recordId.includes("#") ? "deposit_disposition" : "payment",
        record_ids: [base],
      };
    case "JournalEntry":
      return { record_type: "deposit_disposition", record_ids: [base] };
    case "Bill":
    case "BillPayment":
    case "Purchase":
      return {
        record_type: link.recordId.includes("#refund") ? "deposit_disposition" : "expense",
        record_ids: [base],
      };
  }
  return undefined;
}

/**
 * The record reference outbound events carry for a linked object: its EstateCore type and id (for
 * an invoice, the first charge billed on it); nulls when the object stands for no record.
 */
export function recordRefOf(
  link: Pick<StoredSyncLink, "entityType" | "recordId">,
  owners: RecordOwners,
): { record_type: string | null; record_id: string | null } {
  const record = linkedRecordOf(link, owners);
  return { record_type: record?.record_type ?? null, record_id: record?.record_ids[0] ?? null };
}
