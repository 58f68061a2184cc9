import type { SyncSettings } from "../ports/sync_settings_repository.ts";
import type { Property } from "../model/estatecore/property.ts";
import type { Tenant } from "../model/estatecore/tenant.ts";
import type { Unit } from "../model/estatecore/unit.ts";
import type { QboId } from "../model/quickbooks/qbo_reference.ts";
import type { AccountMapping } from "./account_mapping.ts";
import type { TransformationRules } from "./transformation_rules.ts";

/** A QBO object the integration already wrote, with the version needed to change it. */
export interface LinkedQboObject {
  readonly id: QboId;
  readonly syncToken: string;
}

/**
 * QBO ids of the objects already synced, keyed by the EstateCore id they stand for. Filled by the
 * use case from the link table; a mapper that needs an absent id answers "missing dependency".
 */
export interface LinkedQboIds {
  /** tenant id -> Customer id */
  readonly customers: Readonly<Record<string, QboId>>;
  /** property id -> parent Customer id (property_tracking "parent_customer") */
  readonly propertyCustomers: Readonly<Record<string, QboId>>;
  /** property id or unit id -> Class id */
  readonly classes: Readonly<Record<string, QboId>>;
  /** property id or unit id -> Department (Location) id */
  readonly departments: Readonly<Record<string, QboId>>;
  /** item name (see resolveItem) -> Item id */
  readonly items: Readonly<Record<string, QboId>>;
  /** charge id -> id of the Invoice that bills it */
  readonly invoicesByCharge: Readonly<Record<string, QboId>>;
  /** vendor id -> Vendor id */
  readonly vendors: Readonly<Record<string, QboId>>;
  /** expense id -> Bill id */
  readonly bills: Readonly<Record<string, QboId>>;
  /** payment id -> Payment (for voids) */
  readonly payments: Readonly<Record<string, LinkedQboObject>>;
  /** deposit disposition id -> JournalEntry id (for linking it to the open invoices) */
  readonly dispositionJournals: Readonly<Record<string, QboId>>;
}

/**
 * Everything a mapper needs besides the record itself: the org's settings, account mapping and
 * rules, the property/unit/tenant directory (names for descriptions and templates), and the
 * linked QBO ids.
 *
 * @example
 * ```ts
 * const ctx: ResolutionContext = { settings, accounts, rules, properties: { prop_1: maple }, units: {}, tenants: {}, links };
 * ```
 */
export interface ResolutionContext {
  readonly settings: SyncSettings;
  readonly accounts: AccountMapping;
  readonly rules: TransformationRules;
  readonly properties: Readonly<Record<string, Property>>;
  readonly units: Readonly<Record<string, Unit>>;
  readonly tenants: Readonly<Record<string, Tenant>>;
  readonly links: LinkedQboIds;
}

/**
 * An empty link table, to spread and fill in.
 *
 * @example
 * ```ts
 * const links = { ...emptyLinks(), customers: { ten_1: "58" } };
 * ```
 */
export function emptyLinks(): LinkedQboIds {
  return {
    customers: {},
    propertyCustomers: {},
    classes: {},
    departments: {},
    items: {},
    invoicesByCharge: {},
    vendors: {},
    bills: {},
    payments: {},
    dispositionJournals: {},
  };
}
