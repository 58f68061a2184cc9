import type { Charge } from "../model/estatecore/charge.ts";
import { groupChargesIntoInvoices } from "../mapping/to_quickbooks/invoice_grouping.ts";
import type { Portfolio } from "./portfolio.ts";

/** The EstateCore record (or charge item, `recordType: "item"`) a QBO object was written for. */
export interface OwnerRecord {
  readonly recordType: string;
  readonly recordId: string;
  /** The property the record belongs to (for property-scoped readers); null when organization-wide. */
  readonly propertyId: string | null;
}

/** `type:id`, the key of an owner in selections. */
export function ownerKey(recordType: string, recordId: string): string {
  return `${recordType}:${recordId}`;
}

/** Part keys (`<record id>#<key>`) the deposit-disposition mappers use; every other part is an expense's. */
const DISPOSITION_PARTS = new Set(["refund_check", "deposit_journal", "deposit_application"]);

/**
 * Which EstateCore records each synced QBO object stands for, over one portfolio (live records and
 * tombstones): a charge group's invoice stands for every charge of the group, even charges deleted
 * or voided since (so re-syncing a deleted charge rewrites or voids the invoice it was on).
 *
 * @example
 * ```ts
 * const owners = RecordOwners.of(portfolio);
 * owners.ownersOf("Invoice", "inv:lease_1|ten_1|2026-03").map((o) => o.recordId); // ["chg_rent_3", "chg_pet_3"]
 * owners.ownersOf("Customer", "property:prop_1"); // [{ recordType: "property", recordId: "prop_1", propertyId: "prop_1" }]
 * ```
 */
export class RecordOwners {
  readonly #properties = new Map<string, string | null>();
  readonly #chargesByGroup = new Map<string, string[]>();
  readonly #groupOfCharge = new Map<string, string>();
  readonly #propertyIds = new Set<string>();

  private constructor(portfolio: Portfolio) {
    const remember = (type: string, list: readonly { data: unknown }[]) => {
      for (const r of list) {
        const data = r.data as { id: string; property_id?: string };
        const property = type === "property" ? data.id : type === "vendor" ? null : data.property_id ?? null;
        this.#properties.set(ownerKey(type, data.id), property);
      }
    };
    remember("property", portfolio.properties);
    remember("unit", portfolio.units);
    remember("tenant", portfolio.tenants);
    remember("charge", portfolio.charges);
    remember("payment", portfolio.payments);
    remember("deposit_disposition", portfolio.dispositions);
    remember("vendor", portfolio.vendors);
    remember("expense", portfolio.expenses);
    for (const p of portfolio.properties) this.#propertyIds.add(p.data.id);
    for (const c of portfolio.charges) {
      // The group a charge is (or was) billed on, whatever its status now.
      const key = groupChargesIntoInvoices([{ ...c.data, status: "open" } as Charge])[0].key;
      this.#groupOfCharge.set(c.data.id, key);
      this.#chargesByGroup.set(key, [...this.#chargesByGroup.get(key) ?? [], c.data.id]);
    }
  }

  /** The owners index of a portfolio. */
  static of(portfolio: Portfolio): RecordOwners {
    return new RecordOwners(portfolio);
  }

  /** True when the portfolio holds the record (so `propertyOf` is its real property). */
  holds(recordType: string, recordId: string): boolean {
    return this.#properties.has(ownerKey(recordType, recordId));
  }

  /** The property of an EstateCore record, null when it has none or is unknown. */
  propertyOf(recordType: string, recordId: string): string | null {
    return this.#properties.get(ownerKey(recordType, recordId)) ?? null;
  }

  /** The charges billed on the invoice of `chargeId`'s group (itself included). */
  chargesBilledWith(chargeId: string): readonly string[] {
    const group = this.#groupOfCharge.get(chargeId);
    return group === undefined ? [chargeId] : this.#chargesByGroup.get(group) ?? [chargeId];
  }

  /** The records a synced object (entity type + the sync engine's record id) stands for. */
  ownersOf(entityType: string, syncRecordId: string): OwnerRecord[] {
    const owner = (recordType: string, recordId: string): OwnerRecord => ({
      recordType,
      recordId,
      propertyId: this.propertyOf(recordType, recordId),
    });
    const [base, part] = syncRecordId.split("#");
    if (syncRecordId.startsWith("item:")) return [owner("item", syncRecordId.slice("item:".length))];
    if (syncRecordId.startsWith("property:")) {
      return [owner("property", syncRecordId.slice("property:".length))];
    }
    if (syncRecordId.startsWith("nsf:")) return [owner("payment", syncRecordId.slice("nsf:".length))];
    if (syncRecordId.startsWith("inv:")) {
      return (this.#chargesByGroup.get(syncRecordId.slice("inv:".length)) ?? []).map((id) =>
        owner("charge", id)
      );
    }
    if (part !== undefined) {
      return [owner(DISPOSITION_PARTS.has(part) ? "deposit_disposition" : "expense", base)];
    }
    switch (entityType) {
      case "Customer":
        return [owner("tenant", base)];
      case "Vendor":
        return [owner("vendor", base)];
      case "Payment":
        return [owner("payment", base)];
      case "Class":
      case "Department":
        return [owner(this.#propertyIds.has(base) ? "property" : "unit", base)];
    }
    return [owner(entityType, base)];
  }
}
