import { z } from "zod";
import {
  REFERENCE_ENTRY_SCHEMAS,
  type ReferenceEntryOf,
  type ReferenceListName,
} from "../../model/quickbooks/qbo_reference_list.ts";

/** Reading a QBO list object as an entry: the entry, or why it could not be read. */
export type ReferenceEntryReading<L extends ReferenceListName> =
  | { readonly ok: true; readonly entry: ReferenceEntryOf<L> }
  | { readonly ok: false; readonly id: string; readonly issue: string };

const IdText = z.union([z.string().min(1), z.number()]).transform(String);
const Ref = z.object({ value: IdText }).partial();
const text = z.string().optional();
const flag = z.boolean().optional();
const whole = z.number().int().optional();

/** The QBO fields the lists read (QBO sends many more; they are ignored). */
const QboListObject = z.object({
  Id: IdText,
  Name: text,
  FullyQualifiedName: text,
  Active: flag,
  ParentRef: Ref.optional(),
  MetaData: z.object({ LastUpdatedTime: text }).partial().optional(),
  AccountType: text,
  AccountSubType: text,
  Classification: text,
  CurrencyRef: Ref.optional(),
  AcctNum: text,
  Type: text,
  IncomeAccountRef: Ref.optional(),
  ExpenseAccountRef: Ref.optional(),
  Description: text,
  Taxable: flag,
  TaxGroup: flag,
  DueDays: whole,
  DayOfMonthDue: whole,
  DiscountDays: whole,
  DiscountPercent: z.number().optional(),
});
type QboListObject = z.infer<typeof QboListObject>;

const orNull = <T>(value: T | undefined): T | null => value === undefined || value === "" ? null : value;

function base(o: QboListObject) {
  const name = o.Name ?? "";
  return {
    id: o.Id,
    name,
    fully_qualified_name: o.FullyQualifiedName ?? name,
    // Name-list objects are active unless QBO says otherwise.
    active: o.Active ?? true,
    parent_id: orNull(o.ParentRef?.value),
    updated_at: orNull(o.MetaData?.LastUpdatedTime),
  };
}

const FIELDS: { readonly [L in ReferenceListName]: (o: QboListObject) => Record<string, unknown> } = {
  accounts: (o) => ({
    ...base(o),
    account_type: o.AccountType,
    account_sub_type: orNull(o.AccountSubType),
    classification: orNull(o.Classification),
    currency: orNull(o.CurrencyRef?.value),
    account_number: orNull(o.AcctNum),
  }),
  classes: base,
  locations: base,
  items: (o) => ({
    ...base(o),
    type: o.Type,
    income_account_id: orNull(o.IncomeAccountRef?.value),
    expense_account_id: orNull(o.ExpenseAccountRef?.value),
    description: orNull(o.Description),
    taxable: o.Taxable ?? null,
  }),
  tax_codes: (o) => ({
    ...base(o),
    description: orNull(o.Description),
    taxable: o.Taxable ?? null,
    tax_group: o.TaxGroup ?? null,
  }),
  terms: (o) => ({
    ...base(o),
    type: orNull(o.Type),
    due_days: o.DueDays ?? null,
    day_of_month_due: o.DayOfMonthDue ?? null,
    discount_days: o.DiscountDays ?? null,
    discount_percent: o.DiscountPercent ?? null,
  }),
  payment_methods: (o) => ({ ...base(o), type: orNull(o.Type) }),
};

/**
 * Reads one QBO list object (as the query or CDC answer sends it) as an entry of `list`. An
 * object the product cannot describe truthfully (no id, no name, an account type QBO does not
 * document) is reported, never guessed at.
 *
 * @example
 * ```ts
 * referenceEntryOf("accounts", {
 *   Id: "79", Name: "Rental Income", FullyQualifiedName: "Rental Income", Active: true,
 *   AccountType: "Income", AccountSubType: "OtherPrimaryIncome", Classification: "Revenue",
 *   CurrencyRef: { value: "USD" },
 * });
 * // { ok: true, entry: { id: "79", name: "Rental Income", account_type: "Income", currency: "USD", ... } }
 * ```
 */
export function referenceEntryOf<L extends ReferenceListName>(
  list: L,
  object: Readonly<Record<string, unknown>>,
): ReferenceEntryReading<L> {
  const id = typeof object.Id === "string" || typeof object.Id === "number" ? String(object.Id) : "";
  const wire = QboListObject.safeParse(object);
  if (!wire.success) return { ok: false, id, issue: issueOf(wire.error) };
  if (!wire.data.Name) return { ok: false, id, issue: "Name: missing" };
  const entry = REFERENCE_ENTRY_SCHEMAS[list].safeParse(FIELDS[list](wire.data));
  if (!entry.success) return { ok: false, id, issue: issueOf(entry.error) };
  return { ok: true, entry: entry.data as ReferenceEntryOf<L> };
}

function issueOf(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join(".") || "object"}: ${first.message}` : "unreadable";
}
