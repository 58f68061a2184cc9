import assert from "node:assert/strict";
import { AccountMappingSchema } from "../../../domain/mapping/account_mapping.ts";
import {
  describeMappingProblem,
  mappedAccountIds,
  mappingAccountProblems,
  mappingFingerprint,
  PURPOSE_ACCOUNT_TYPES,
} from "../../../domain/mapping/mapping_validation.ts";
import type { AccountEntry } from "../../../domain/model/quickbooks/qbo_reference_list.ts";
import type { QboAccountType } from "../../../domain/model/quickbooks/qbo_account.ts";

function account(
  id: string,
  name: string,
  type: QboAccountType,
  subType: string | null,
  active = true,
): AccountEntry {
  return {
    id,
    name,
    fully_qualified_name: name,
    active,
    parent_id: null,
    updated_at: null,
    account_type: type,
    account_sub_type: subType,
    classification: null,
    currency: "USD",
    account_number: null,
  };
}

const CHART = new Map([
  account("1", "Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
  account("2", "Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
  account("3", "Checking", "Bank", "Checking"),
  account("4", "Prepaid Expenses", "Other Current Asset", "PrepaidExpenses"),
  account("5", "Security Deposits Liability", "Other Current Liability", "OtherCurrentLiabilities"),
  account("6", "Rental Income", "Income", "OtherPrimaryIncome"),
  account("7", "Late Fee Income", "Other Income", "OtherMiscellaneousIncome"),
  account("8", "Old Rent", "Income", "OtherPrimaryIncome", false),
  account("9", "Repairs", "Expense", "RepairMaintenance"),
  account("10", "Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable"),
].map((a) => [a.id, a]));

const lookup = (id: string) => CHART.get(id);

Deno.test("mappingAccountProblems accepts accounts whose type fits each purpose", () => {
  const mapping = AccountMappingSchema.parse({
    organization_id: "org-1",
    defaults: {
      accounts: {
        rental_income: "6",
        late_fee_income: "7",
        security_deposit_liability: "5",
        accounts_receivable: "1",
        undeposited_funds: "2",
        operating_bank: "3",
        accounts_payable: "10",
      },
      expense_accounts: { repairs_maintenance: "9" },
    },
    // Payments may be deposited straight to a bank account.
    property_overrides: { p1: { accounts: { undeposited_funds: "3" } } },
  });
  assert.deepEqual(mappingAccountProblems(mapping, lookup), []);
  assert.deepEqual(mappedAccountIds(mapping), ["6", "7", "5", "1", "2", "3", "10", "9"]);
});

Deno.test("mappingAccountProblems names the purpose, the account and why: not_found, inactive, wrong_type", () => {
  const mapping = AccountMappingSchema.parse({
    organization_id: "org-1",
    defaults: {
      accounts: { rental_income: "99999", late_fee_income: "8", security_deposit_liability: "6" },
      expense_accounts: { utilities: "3" },
    },
    property_overrides: { p2: { accounts: { undeposited_funds: "4" } } },
  });
  const problems = mappingAccountProblems(mapping, lookup);
  assert.deepEqual(
    problems.map((p) => [p.property_id, p.purpose, p.expense_category, p.account_id, p.reason]),
    [
      [null, "rental_income", null, "99999", "not_found"],
      [null, "late_fee_income", null, "8", "inactive"],
      [null, "security_deposit_liability", null, "6", "wrong_type"],
      [null, "expense", "utilities", "3", "wrong_type"],
      ["p2", "undeposited_funds", null, "4", "wrong_type"],
    ],
  );
  assert.equal(problems[0].actual, null);
  assert.deepEqual(problems[2].expected, PURPOSE_ACCOUNT_TYPES.security_deposit_liability);
  assert.deepEqual(problems[2].actual, {
    name: "Rental Income",
    account_type: "Income",
    account_sub_type: "OtherPrimaryIncome",
    active: true,
  });
  assert.equal(
    describeMappingProblem(problems[4]),
    "undeposited_funds at property p2 -> account 4: wrong_type (Other Current Asset; expected " +
      "Other Current Asset/UndepositedFunds or Bank)",
  );
  assert.equal(describeMappingProblem(problems[0]), "rental_income -> account 99999: not_found");
});

Deno.test("PURPOSE_ACCOUNT_TYPES never lets a deposit liability or A/R be an income account", () => {
  const accepts = (purpose: keyof typeof PURPOSE_ACCOUNT_TYPES, type: QboAccountType) =>
    PURPOSE_ACCOUNT_TYPES[purpose].some((rule) => rule.account_type === type);
  assert.equal(accepts("security_deposit_liability", "Income"), false);
  assert.equal(accepts("accounts_receivable", "Income"), false);
  assert.equal(accepts("rental_income", "Other Current Liability"), false);
  assert.equal(accepts("operating_bank", "Other Current Asset"), false);
});

Deno.test("mappingFingerprint ignores key order and changes with any mapped account", () => {
  const a = AccountMappingSchema.parse({
    organization_id: "org-1",
    defaults: { accounts: { rental_income: "6", accounts_receivable: "1" } },
  });
  const b = AccountMappingSchema.parse({
    organization_id: "org-1",
    defaults: { accounts: { accounts_receivable: "1", rental_income: "6" } },
  });
  assert.equal(mappingFingerprint(a), mappingFingerprint(b));
  const c = AccountMappingSchema.parse({
    organization_id: "org-1",
    defaults: { accounts: { accounts_receivable: "1", rental_income: "7" } },
  });
  assert.notEqual(mappingFingerprint(a), mappingFingerprint(c));
});
