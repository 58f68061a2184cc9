import assert from "node:assert/strict";
import { ACCOUNT_TYPES } from "../../../../adapters/quickbooks-emulator/accounting/account_types.ts";
import { DEFAULT_CHART_OF_ACCOUNTS } from "../../../../adapters/quickbooks-emulator/accounting/default_chart_of_accounts.ts";
import { emulatorAccountMapping } from "../../../../src/demo/sample_portfolio.ts";
import { accountingHarness, type Json } from "./accounting_harness.ts";

async function allAccounts(h: ReturnType<typeof accountingHarness>): Promise<Json[]> {
  const q = encodeURIComponent("select * from Account maxresults 1000");
  return (await h.call("GET", `/query?query=${q}`)).json.QueryResponse.Account;
}

Deno.test("DEFAULT_CHART_OF_ACCOUNTS: a new company holds Intuit's sandbox sample accounts, Travel among them", async () => {
  const h = accountingHarness();
  const accounts = await allAccounts(h);
  assert.ok(accounts.length > 20, `${accounts.length} accounts`);
  assert.equal(accounts.length, DEFAULT_CHART_OF_ACCOUNTS.length);
  const byName = new Map(accounts.map((a) => [a.FullyQualifiedName, a]));
  const expected: Array<[string, string, string, string]> = [
    ["Travel", "Expense", "Travel", "Expense"],
    ["Travel Meals", "Expense", "TravelMeals", "Expense"],
    ["Advertising", "Expense", "AdvertisingPromotional", "Expense"],
    ["Automobile", "Expense", "Auto", "Expense"],
    ["Bank Charges", "Expense", "BankCharges", "Expense"],
    ["Insurance", "Expense", "Insurance", "Expense"],
    ["Legal & Professional Fees", "Expense", "LegalProfessionalFees", "Expense"],
    ["Rent or Lease", "Expense", "RentOrLeaseOfBuildings", "Expense"],
    ["Repairs and Maintenance", "Expense", "RepairMaintenance", "Expense"],
    ["Utilities", "Expense", "Utilities", "Expense"],
    ["Checking", "Bank", "Checking", "Asset"],
    ["Savings", "Bank", "Savings", "Asset"],
    ["Undeposited Funds", "Other Current Asset", "UndepositedFunds", "Asset"],
    ["Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable", "Asset"],
    ["Inventory Asset", "Other Current Asset", "Inventory", "Asset"],
    ["Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable", "Liability"],
    ["Mastercard", "Credit Card", "CreditCard", "Liability"],
    ["Opening Balance Equity", "Equity", "OpeningBalanceEquity", "Equity"],
    ["Retained Earnings", "Equity", "RetainedEarnings", "Equity"],
    ["Sales of Product Income", "Income", "SalesOfProductIncome", "Revenue"],
    ["Services", "Income", "ServiceFeeIncome", "Revenue"],
    ["Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs", "Expense"],
    ["Interest Earned", "Other Income", "InterestEarned", "Revenue"],
  ];
  for (const [name, type, subType, classification] of expected) {
    const a = byName.get(name);
    assert.ok(a, `missing ${name}`);
    assert.deepEqual(
      [a.AccountType, a.AccountSubType, a.Classification],
      [type, subType, classification],
      name,
    );
    assert.equal(a.Active, true);
    assert.equal(a.CurrentBalance, 0);
  }
});

Deno.test("DEFAULT_CHART_OF_ACCOUNTS: every sub type belongs to its type and sub-accounts nest", async () => {
  const h = accountingHarness();
  for (const a of await allAccounts(h)) {
    const info = ACCOUNT_TYPES[a.AccountType];
    assert.ok(info, a.AccountType);
    assert.ok(info.subTypes.includes(a.AccountSubType), `${a.Name}: ${a.AccountType}/${a.AccountSubType}`);
    assert.equal(a.Classification, info.classification, a.Name);
  }
  const depreciation = (await allAccounts(h)).find((a) => a.FullyQualifiedName === "Truck:Depreciation")!;
  assert.equal(depreciation.SubAccount, true);
  assert.equal(depreciation.ParentRef.value, h.idOf("Account", "Truck"));
  assert.equal(depreciation.AccountSubType, "AccumulatedDepreciation");
});

Deno.test("DEFAULT_CHART_OF_ACCOUNTS: the names the demo and e2e mapping use resolve, at their old Ids", async () => {
  const h = accountingHarness();
  const mapping = await emulatorAccountMapping((name) => Promise.resolve(h.idOf("Account", name)));
  assert.equal(Object.values(mapping.accounts).length, 8);
  assert.equal(mapping.accounts.operating_bank, "3");
  assert.equal(mapping.accounts.rental_income, "10");
  assert.equal(mapping.expense_accounts.repairs_maintenance, "13");
  // A second company is seeded the same way.
  const other = h.companies.createCompany({ companyName: "Second Co" });
  assert.equal(
    h.companies.company(other.realmId)!.listNameOwner("Account", "Travel"),
    h.idOf("Account", "Travel"),
  );
});
