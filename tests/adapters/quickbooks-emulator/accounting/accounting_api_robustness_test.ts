import assert from "node:assert/strict";
import fc from "fast-check";
import { knownFields } from "../../../../adapters/quickbooks-emulator/accounting/entity_fields.ts";
import { rulesFor } from "../../../../adapters/quickbooks-emulator/accounting/entity_catalog.ts";
import { accountingHarness } from "./accounting_harness.ts";

/**
 * Whatever a client posts, the accounting API answers with an object or a QBO fault (200/400),
 * never an unhandled exception (which Hono would turn into a bare 500).
 */
const ENTITIES = [
  "customer",
  "vendor",
  "employee",
  "account",
  "class",
  "department",
  "item",
  "term",
  "paymentmethod",
  "invoice",
  "payment",
  "salesreceipt",
  "creditmemo",
  "refundreceipt",
  "bill",
  "billpayment",
  "purchase",
  "deposit",
  "journalentry",
];

const FIELDS = [
  "DisplayName",
  "Name",
  "Id",
  "SyncToken",
  "sparse",
  "Active",
  "ParentRef",
  "CustomerRef",
  "VendorRef",
  "Line",
  "TotalAmt",
  "TxnDate",
  "DocNumber",
  "AccountType",
  "AccountSubType",
  "Type",
  "IncomeAccountRef",
  "PayType",
  "PaymentType",
  "AccountRef",
  "DepositToAccountRef",
  "CheckPayment",
  "EntityRef",
  "ClassRef",
  "DepartmentRef",
];

const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -3, max: 40 }),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: false }),
);
const ref = fc.record({ value: fc.oneof(fc.constantFrom("1", "2", "3", "99", "x"), fc.integer()) });
const line = fc.record({
  Amount: fc.oneof(scalar, fc.integer({ min: 0, max: 500 })),
  DetailType: fc.constantFrom(
    "SalesItemLineDetail",
    "AccountBasedExpenseLineDetail",
    "JournalEntryLineDetail",
    "DepositLineDetail",
    "DiscountLineDetail",
    "SubTotalLineDetail",
    "Nonsense",
  ),
  SalesItemLineDetail: fc.option(fc.record({ ItemRef: ref, Qty: scalar, UnitPrice: scalar }), {
    nil: undefined,
  }),
  AccountBasedExpenseLineDetail: fc.option(fc.record({ AccountRef: ref }), { nil: undefined }),
  JournalEntryLineDetail: fc.option(
    fc.record({ PostingType: fc.constantFrom("Debit", "Credit", "Sideways"), AccountRef: ref }),
    { nil: undefined },
  ),
  DepositLineDetail: fc.option(fc.record({ AccountRef: ref }), { nil: undefined }),
  LinkedTxn: fc.option(
    fc.array(
      fc.record({
        TxnId: fc.constantFrom("1", "2", "5"),
        TxnType: fc.constantFrom("Invoice", "Payment", "Bill", "Bogus"),
      }),
      { maxLength: 2 },
    ),
    { nil: undefined },
  ),
}, { requiredKeys: [] });
const value = fc.oneof(scalar, ref, fc.array(line, { maxLength: 3 }), fc.record({ BankAccountRef: ref }));

type Template = Record<string, unknown>;
const SALES_LINE = {
  Amount: 10,
  DetailType: "SalesItemLineDetail",
  SalesItemLineDetail: { ItemRef: { value: "2" } },
};
const EXPENSE_LINE = {
  Amount: 10,
  DetailType: "AccountBasedExpenseLineDetail",
  AccountBasedExpenseLineDetail: { AccountRef: { value: "13" } },
};
/** A valid body per entity (seeded ids: customer 1, vendor 2, Checking 3, Rent item 2). */
const TEMPLATES: Record<string, (n: number) => Template> = {
  customer: (n) => ({ DisplayName: `Fuzz C${n}` }),
  vendor: (n) => ({ DisplayName: `Fuzz V${n}` }),
  employee: (n) => ({ GivenName: "Fuzz", FamilyName: `E${n}` }),
  account: (n) => ({ Name: `Fuzz A${n}`, AccountType: "Expense" }),
  class: (n) => ({ Name: `Fuzz K${n}` }),
  department: (n) => ({ Name: `Fuzz D${n}` }),
  item: (n) => ({ Name: `Fuzz I${n}`, Type: "Service", IncomeAccountRef: { value: "10" } }),
  term: (n) => ({ Name: `Fuzz T${n}`, DueDays: 10 }),
  paymentmethod: (n) => ({ Name: `Fuzz P${n}` }),
  invoice: () => ({ CustomerRef: { value: "1" }, Line: [SALES_LINE] }),
  salesreceipt: () => ({ CustomerRef: { value: "1" }, Line: [SALES_LINE] }),
  creditmemo: () => ({ CustomerRef: { value: "1" }, Line: [SALES_LINE] }),
  refundreceipt: () => ({
    CustomerRef: { value: "1" },
    DepositToAccountRef: { value: "3" },
    Line: [SALES_LINE],
  }),
  payment: () => ({
    CustomerRef: { value: "1" },
    TotalAmt: 5,
    Line: [{ Amount: 5, LinkedTxn: [{ TxnId: "3", TxnType: "Invoice" }] }],
  }),
  bill: () => ({ VendorRef: { value: "2" }, Line: [EXPENSE_LINE] }),
  billpayment: () => ({
    VendorRef: { value: "2" },
    PayType: "Check",
    TotalAmt: 5,
    CheckPayment: { BankAccountRef: { value: "3" } },
    Line: [{ Amount: 5, LinkedTxn: [{ TxnId: "4", TxnType: "Bill" }] }],
  }),
  purchase: () => ({ PaymentType: "Cash", AccountRef: { value: "3" }, Line: [EXPENSE_LINE] }),
  deposit: () => ({
    DepositToAccountRef: { value: "3" },
    Line: [{ Amount: 5, LinkedTxn: [{ TxnId: "5", TxnType: "Payment" }] }],
  }),
  journalentry: () => ({
    Line: [
      {
        Amount: 7,
        DetailType: "JournalEntryLineDetail",
        JournalEntryLineDetail: { PostingType: "Debit", AccountRef: { value: "3" } },
      },
      {
        Amount: 7,
        DetailType: "JournalEntryLineDetail",
        JournalEntryLineDetail: { PostingType: "Credit", AccountRef: { value: "8" } },
      },
    ],
  }),
};

const mutation = fc.record({
  entity: fc.constantFrom(...ENTITIES),
  overrides: fc.dictionary(fc.constantFrom(...FIELDS), fc.option(value, { nil: undefined }), { maxKeys: 2 }),
  target: fc.option(
    fc.record({
      Id: fc.constantFrom("1", "2", "3", "4", "5", "6", "x"),
      SyncToken: fc.constantFrom("0", "1", "2"),
    }),
    {
      nil: undefined,
    },
  ),
  query: fc.constantFrom(
    "",
    "",
    "",
    "?operation=delete",
    "?operation=void",
    "?operation=update&include=void",
    "?requestid=r1",
  ),
});

Deno.test("createAccountingApi: mutated valid bodies get an object or a fault, never a crash", async () => {
  const h = accountingHarness();
  await h.ok("/customer", { DisplayName: "Fuzz Customer" });
  await h.ok("/vendor", { DisplayName: "Fuzz Vendor" });
  const outcomes = new Map<string, number>();
  let n = 0;
  await fc.assert(
    fc.asyncProperty(mutation, async ({ entity, overrides, target, query }) => {
      const known = knownFields(rulesFor(entity)!.name)!;
      const payload: Template = { ...TEMPLATES[entity](n++), ...(target ?? {}) };
      for (const [k, v] of Object.entries(overrides)) {
        if (!known.has(k)) continue;
        if (v === undefined) delete payload[k];
        else payload[k] = v;
      }
      const res = await h.call("POST", `/${entity}${query}`, payload);
      assert.ok(
        res.status === 200 || res.status === 400,
        `${entity}${query} ${JSON.stringify(payload)} -> ${res.status}`,
      );
      const outcome = res.status === 200 ? "ok" : String(res.json.Fault.Error[0].code);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }),
    { numRuns: 1500, seed: 20261124 },
  );
  assert.ok(
    (outcomes.get("ok") ?? 0) > 100,
    `enough writes succeed to exercise the ledger: ${JSON.stringify([...outcomes])}`,
  );
  const books = h.companies.operations(h.realmId)!.state.ledger.allPostings();
  assert.equal(books.reduce((s, p) => s + p.amountCents, 0), 0);
});
