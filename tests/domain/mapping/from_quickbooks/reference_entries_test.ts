import assert from "node:assert/strict";
import { referenceEntryOf } from "../../../../domain/mapping/from_quickbooks/reference_entries.ts";
import { referenceKind, referenceSortKey } from "../../../../domain/model/quickbooks/qbo_reference_list.ts";

const META = { CreateTime: "2026-03-01T08:00:00-08:00", LastUpdatedTime: "2026-03-02T09:30:00-08:00" };

Deno.test("referenceEntryOf reads a QBO Account as it comes from a query or CDC", () => {
  const reading = referenceEntryOf("accounts", {
    Id: "84",
    Name: "Water",
    FullyQualifiedName: "Utilities:Water",
    SubAccount: true,
    ParentRef: { value: "61" },
    Active: false,
    AccountType: "Expense",
    AccountSubType: "Utilities",
    Classification: "Expense",
    CurrencyRef: { value: "USD", name: "United States Dollar" },
    AcctNum: "6110",
    CurrentBalance: 0,
    domain: "QBO",
    sparse: false,
    SyncToken: "3",
    MetaData: META,
  });
  assert.deepEqual(reading, {
    ok: true,
    entry: {
      id: "84",
      name: "Water",
      fully_qualified_name: "Utilities:Water",
      active: false,
      parent_id: "61",
      updated_at: "2026-03-02T09:30:00-08:00",
      account_type: "Expense",
      account_sub_type: "Utilities",
      classification: "Expense",
      currency: "USD",
      account_number: "6110",
    },
  });
  if (reading.ok) {
    assert.equal(referenceKind(reading.entry), "Expense");
    assert.equal(referenceSortKey(reading.entry), "utilities:water");
  }
});

Deno.test("referenceEntryOf fills what QBO leaves out: active by default, the name as the qualified name, nulls", () => {
  const reading = referenceEntryOf("classes", { Id: "5000000000000007195", Name: "Maple Court" });
  assert.deepEqual(reading, {
    ok: true,
    entry: {
      id: "5000000000000007195",
      name: "Maple Court",
      fully_qualified_name: "Maple Court",
      active: true,
      parent_id: null,
      updated_at: null,
    },
  });
});

Deno.test("referenceEntryOf reads items, tax codes, terms and payment methods with their own fields", () => {
  assert.deepEqual(
    referenceEntryOf("items", {
      Id: "2",
      Name: "Rent",
      Type: "Service",
      IncomeAccountRef: { value: "10", name: "Rental Income" },
      Description: "Rent",
      Taxable: false,
      MetaData: META,
    }),
    {
      ok: true,
      entry: {
        id: "2",
        name: "Rent",
        fully_qualified_name: "Rent",
        active: true,
        parent_id: null,
        updated_at: META.LastUpdatedTime,
        type: "Service",
        income_account_id: "10",
        expense_account_id: null,
        description: "Rent",
        taxable: false,
      },
    },
  );
  const tax = referenceEntryOf("tax_codes", { Id: "3", Name: "CA Sales", Taxable: true, TaxGroup: true });
  assert.equal(tax.ok && tax.entry.tax_group, true);
  const term = referenceEntryOf("terms", { Id: "1", Name: "Net 30", Type: "STANDARD", DueDays: 30 });
  assert.deepEqual(term.ok && [term.entry.type, term.entry.due_days, term.entry.day_of_month_due], [
    "STANDARD",
    30,
    null,
  ]);
  const card = referenceEntryOf("payment_methods", { Id: "3", Name: "Credit Card", Type: "CREDIT_CARD" });
  assert.equal(card.ok && card.entry.type, "CREDIT_CARD");
});

Deno.test("referenceEntryOf reports what it cannot read truthfully instead of guessing", () => {
  assert.deepEqual(referenceEntryOf("accounts", { Id: "9", Name: "Odd", AccountType: "Crypto Wallet" }), {
    ok: false,
    id: "9",
    issue:
      'account_type: Invalid option: expected one of "Bank"|"Accounts Receivable"|"Other Current Asset"|' +
      '"Fixed Asset"|"Other Asset"|"Accounts Payable"|"Credit Card"|"Other Current Liability"|' +
      '"Long Term Liability"|"Equity"|"Income"|"Cost of Goods Sold"|"Expense"|"Other Income"|' +
      '"Other Expense"|"Non-Posting"',
  });
  assert.deepEqual(referenceEntryOf("terms", { Id: "4" }), { ok: false, id: "4", issue: "Name: missing" });
  assert.equal(referenceEntryOf("classes", { Name: "No id" }).ok, false);
});
