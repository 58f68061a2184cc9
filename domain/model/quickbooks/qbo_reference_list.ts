import { z } from "zod";
import { QboAccountClassificationSchema, QboAccountTypeSchema } from "./qbo_account.ts";
import { QboItemTypeSchema } from "./qbo_item.ts";
import { QboIdSchema } from "./qbo_reference.ts";

/**
 * The QuickBooks lists an integrator needs to fill in mappings and settings: the chart of
 * accounts, classes, locations (QBO `Department`), products and services (`Item`), tax codes,
 * payment terms and payment methods. Named as the API names them.
 */
export const ReferenceListNameSchema = z.enum([
  "accounts",
  "classes",
  "locations",
  "items",
  "tax_codes",
  "terms",
  "payment_methods",
]);
export type ReferenceListName = z.infer<typeof ReferenceListNameSchema>;

/** The QBO entity behind each list. */
export const REFERENCE_LIST_ENTITY: Readonly<Record<ReferenceListName, string>> = {
  accounts: "Account",
  classes: "Class",
  locations: "Department",
  items: "Item",
  tax_codes: "TaxCode",
  terms: "Term",
  payment_methods: "PaymentMethod",
};

/**
 * Lists whose changes QBO's Change Data Capture reports. CDC does not cover TaxCode (nor
 * TaxRate, TaxAgency, JournalCode, TimeActivity), so the tax code list is read again in full
 * when it is stale; it is a handful of rows.
 */
export function hasChangeDataCapture(list: ReferenceListName): boolean {
  return list !== "tax_codes";
}

/** What every entry of every list carries. */
const EntryBase = {
  id: QboIdSchema,
  name: z.string(),
  /** `Parent:Child` for sub-accounts, sub-classes, sub-locations and sub-items; the name otherwise. */
  fully_qualified_name: z.string(),
  active: z.boolean(),
  parent_id: QboIdSchema.nullable(),
  /** QBO's MetaData.LastUpdatedTime (ISO-8601), null when QBO did not send it. */
  updated_at: z.string().nullable(),
};

/** An account of the chart of accounts. */
export const AccountEntrySchema = z.object({
  ...EntryBase,
  account_type: QboAccountTypeSchema,
  account_sub_type: z.string().nullable(),
  classification: QboAccountClassificationSchema.nullable(),
  /** ISO 4217 code of the account's currency (multicurrency companies), null when QBO sent none. */
  currency: z.string().nullable(),
  account_number: z.string().nullable(),
});
export type AccountEntry = z.infer<typeof AccountEntrySchema>;

/** A class or a location (both are plain, nestable name lists). */
export const TrackingEntrySchema = z.object(EntryBase);
export type TrackingEntry = z.infer<typeof TrackingEntrySchema>;

/** A product or service. */
export const ItemEntrySchema = z.object({
  ...EntryBase,
  type: QboItemTypeSchema,
  income_account_id: QboIdSchema.nullable(),
  expense_account_id: QboIdSchema.nullable(),
  description: z.string().nullable(),
  taxable: z.boolean().nullable(),
});
export type ItemEntry = z.infer<typeof ItemEntrySchema>;

/** A sales tax code. */
export const TaxCodeEntrySchema = z.object({
  ...EntryBase,
  description: z.string().nullable(),
  taxable: z.boolean().nullable(),
  tax_group: z.boolean().nullable(),
});
export type TaxCodeEntry = z.infer<typeof TaxCodeEntrySchema>;

/** A payment term: due a number of days after the invoice (`STANDARD`) or on a day of the month (`DATE_DRIVEN`). */
export const TermEntrySchema = z.object({
  ...EntryBase,
  type: z.enum(["STANDARD", "DATE_DRIVEN"]).nullable(),
  due_days: z.number().int().nullable(),
  day_of_month_due: z.number().int().nullable(),
  discount_days: z.number().int().nullable(),
  discount_percent: z.number().nullable(),
});
export type TermEntry = z.infer<typeof TermEntrySchema>;

/** A payment method (cash, check, a card brand...). */
export const PaymentMethodEntrySchema = z.object({
  ...EntryBase,
  type: z.enum(["CREDIT_CARD", "NON_CREDIT_CARD"]).nullable(),
});
export type PaymentMethodEntry = z.infer<typeof PaymentMethodEntrySchema>;

/** The entry schema of each list. */
export const REFERENCE_ENTRY_SCHEMAS = {
  accounts: AccountEntrySchema,
  classes: TrackingEntrySchema,
  locations: TrackingEntrySchema,
  items: ItemEntrySchema,
  tax_codes: TaxCodeEntrySchema,
  terms: TermEntrySchema,
  payment_methods: PaymentMethodEntrySchema,
} as const satisfies Record<ReferenceListName, z.ZodType>;

/** An entry of the named list. */
export type ReferenceEntryOf<L extends ReferenceListName> = z.infer<(typeof REFERENCE_ENTRY_SCHEMAS)[L]>;
/** An entry of any list. */
export type ReferenceEntry = ReferenceEntryOf<ReferenceListName>;

/**
 * The value a list can be filtered on besides `active`: the account type for accounts, the item
 * type for items, the term or payment method type; null for the other lists.
 *
 * @example
 * ```ts
 * referenceKind({ id: "1", name: "Rent", fully_qualified_name: "Rent", active: true, parent_id: null,
 *   updated_at: null, type: "Service", income_account_id: "79", expense_account_id: null,
 *   description: null, taxable: false }); // "Service"
 * ```
 */
export function referenceKind(entry: ReferenceEntry): string | null {
  if ("account_type" in entry) return entry.account_type;
  if ("type" in entry) return entry.type;
  return null;
}

/**
 * The order lists are shown in: by fully qualified name, ignoring case (so sub-accounts follow
 * their parent), then by id. Compared as plain code units, the same in every database.
 *
 * @example
 * ```ts
 * referenceSortKey({ fully_qualified_name: "Utilities:Water" }); // "utilities:water"
 * ```
 */
export function referenceSortKey(entry: Pick<ReferenceEntry, "fully_qualified_name">): string {
  return entry.fully_qualified_name.toLowerCase();
}
