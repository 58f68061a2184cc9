/**
 * Which entities can be queried and which of their properties can appear in WHERE / ORDERBY,
 * with the type that decides how values compare. Built from the "filterable" tags of Intuit's API
 * reference (docs/quickbooks-api.md §2.7); entities the doc does not tabulate get a conservative set.
 * A property not listed here is answered with 4001 "not queryable", as QBO does.
 */

/**
 * How a property compares:
 * - `id`: string equality, numeric order; only `=` and `IN`.
 * - `string`: case-insensitive (QBO documents values as case-insensitive); LIKE allowed.
 * - `number`: numeric (money).
 * - `date`: `YYYY-MM-DD`, chronological.
 * - `datetime`: ISO-8601 with offset, chronological by instant.
 * - `boolean`.
 * - `ref`: a ReferenceType, compared on `.value` like an id but with range operators allowed.
 * - `email`: an EmailAddress, compared on `.Address` like a string.
 */
export type PropertyKind = "id" | "string" | "number" | "date" | "datetime" | "boolean" | "ref" | "email";

export interface QueryableProperty {
  /** Canonical spelling, e.g. `MetaData.LastUpdatedTime`. */
  readonly path: string;
  readonly kind: PropertyKind;
}

/** Entities that hide `Active: false` objects unless the query constrains `Active`. */
export const NAME_LIST_ENTITIES: readonly string[] = Object.freeze([
  "Customer",
  "Vendor",
  "Employee",
  "Item",
  "Account",
  "Class",
  "Department",
  "Term",
  "PaymentMethod",
]);

const ALWAYS: Record<string, PropertyKind> = {
  Id: "id",
  Active: "boolean",
  "MetaData.CreateTime": "datetime",
  "MetaData.LastUpdatedTime": "datetime",
};

const PERSON_NAMES: Record<string, PropertyKind> = {
  DisplayName: "string",
  GivenName: "string",
  MiddleName: "string",
  FamilyName: "string",
  CompanyName: "string",
  PrintOnCheckName: "string",
  PrimaryEmailAddr: "email",
};

const TRANSACTION: Record<string, PropertyKind> = {
  DocNumber: "string",
  TxnDate: "date",
  TotalAmt: "number",
};

const NAMED_LIST: Record<string, PropertyKind> = { Name: "string", FullyQualifiedName: "string" };

const BY_ENTITY: Record<string, Record<string, PropertyKind>> = {
  Customer: { ...PERSON_NAMES, FullyQualifiedName: "string", Balance: "number" },
  Vendor: { ...PERSON_NAMES, Balance: "number" },
  Employee: { ...PERSON_NAMES, EmployeeNumber: "string" },
  Invoice: {
    ...TRANSACTION,
    DueDate: "date",
    CustomerRef: "ref",
    Balance: "number",
    SalesTermRef: "ref",
    ProjectRef: "ref",
  },
  Payment: {
    TxnDate: "date",
    TotalAmt: "number",
    CustomerRef: "ref",
    PaymentMethodRef: "ref",
    PaymentRefNum: "string",
    ProjectRef: "ref",
  },
  Account: {
    ...NAMED_LIST,
    AccountType: "string",
    AccountSubType: "string",
    Classification: "string",
    CurrentBalance: "number",
    CurrentBalanceWithSubAccounts: "number",
  },
  Bill: {
    ...TRANSACTION,
    VendorRef: "ref",
    DueDate: "date",
    Balance: "number",
    APAccountRef: "ref",
    SalesTermRef: "ref",
  },
  CreditMemo: { ...TRANSACTION, CustomerRef: "ref", Balance: "number" },
  Item: { Name: "string", Type: "string" },
  Class: { Name: "string" },
  Department: { Name: "string" },
  Term: { Name: "string" },
  PaymentMethod: { Name: "string", Type: "string" },
  SalesReceipt: { ...TRANSACTION, CustomerRef: "ref" },
  RefundReceipt: { ...TRANSACTION, CustomerRef: "ref" },
  Estimate: { ...TRANSACTION, CustomerRef: "ref" },
  Deposit: { ...TRANSACTION },
  JournalEntry: { ...TRANSACTION },
  Purchase: { ...TRANSACTION, PaymentType: "string" },
  PurchaseOrder: { ...TRANSACTION, VendorRef: "ref" },
  BillPayment: { ...TRANSACTION, VendorRef: "ref" },
  VendorCredit: { ...TRANSACTION, VendorRef: "ref" },
  Transfer: { TxnDate: "date", Amount: "number" },
  TimeActivity: { TxnDate: "date" },
  // Intuit's Attachable reference marks these filterable, and its sample query filters on the link:
  // `where AttachableRef.EntityRef.Type = 'purchase' and AttachableRef.EntityRef.value = '611'`.
  Attachable: {
    FileName: "string",
    Note: "string",
    Category: "string",
    ContentType: "string",
    PlaceName: "string",
    Tag: "string",
    Lat: "string",
    Long: "string",
    Size: "number",
    "AttachableRef.EntityRef.Type": "string",
    "AttachableRef.EntityRef.value": "id",
  },
  ExchangeRate: { SourceCurrencyCode: "string", AsOfDate: "date" },
  TaxCode: { Name: "string" },
  TaxRate: { Name: "string" },
  TaxAgency: { DisplayName: "string" },
  CompanyInfo: {},
  Preferences: {},
  CompanyCurrency: { Code: "string" },
  Budget: { Name: "string" },
  JournalCode: { Name: "string" },
  RecurringTransaction: {},
  ReimburseCharge: { TxnDate: "date" },
};

function buildCatalog(): Map<string, { name: string; properties: Map<string, QueryableProperty> }> {
  const catalog = new Map<string, { name: string; properties: Map<string, QueryableProperty> }>();
  for (const [name, own] of Object.entries(BY_ENTITY)) {
    const properties = new Map<string, QueryableProperty>();
    for (const [path, kind] of Object.entries({ ...ALWAYS, ...own })) {
      properties.set(path.toLowerCase(), Object.freeze({ path, kind }));
    }
    catalog.set(name.toLowerCase(), { name, properties });
  }
  return catalog;
}

const CATALOG = buildCatalog();

/** Canonical entity name for a case-insensitive spelling, or undefined if QBO has no such entity. */
export function canonicalEntityName(written: string): string | undefined {
  return CATALOG.get(written.toLowerCase())?.name;
}

/** True when `Active: false` objects of this entity are hidden by default. */
export function isNameListEntity(entityName: string): boolean {
  return NAME_LIST_ENTITIES.includes(entityName);
}

/**
 * The queryable property for a case-insensitive path, or undefined. Any `MetaData.*` path is
 * accepted (as a datetime) because QBO allows filtering every entity on its audit timestamps.
 */
export function findQueryableProperty(
  entityName: string,
  writtenPath: string,
): QueryableProperty | undefined {
  const entry = CATALOG.get(entityName.toLowerCase());
  if (!entry) return undefined;
  const known = entry.properties.get(writtenPath.toLowerCase());
  if (known) return known;
  const meta = /^metadata\.([A-Za-z]+)$/i.exec(writtenPath);
  if (meta) return { path: `MetaData.${meta[1]}`, kind: "datetime" };
  return undefined;
}

/** The queryable properties of an entity, for documentation and error hints. */
export function queryablePropertiesOf(entityName: string): readonly QueryableProperty[] {
  return [...(CATALOG.get(entityName.toLowerCase())?.properties.values() ?? [])];
}
