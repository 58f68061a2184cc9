import assert from "node:assert/strict";
import { AccountMappingSchema } from "../../../domain/mapping/account_mapping.ts";
import { effectiveMapping } from "../../../src/settings/account_mapping_use_cases.ts";

const mapping = AccountMappingSchema.parse({
  organization_id: "org-1",
  defaults: {
    accounts: { rental_income: "79", other_income: "81", accounts_receivable: "84" },
    expense_accounts: { utilities: "61", repairs_maintenance: "62" },
  },
  property_overrides: { p2: { accounts: { rental_income: "95" }, expense_accounts: { utilities: "66" } } },
});

Deno.test("effectiveMapping applies overrides, then defaults, then fallbacks, and lists what is unmapped", () => {
  const p2 = effectiveMapping(mapping, "p2", "Oak Plaza");
  assert.equal(p2.accounts.rental_income, "95");
  assert.equal(p2.accounts.accounts_receivable, "84");
  assert.equal(p2.accounts.utility_income, "81", "utility income falls back to other income");
  assert.deepEqual(p2.expenseAccounts, { utilities: "66", repairs_maintenance: "62" });
  assert.equal(p2.hasOverride, true);
  assert.ok(p2.unmapped.includes("security_deposit_liability"));
  assert.ok(!p2.unmapped.includes("pet_fee_income"));
  const p1 = effectiveMapping(mapping, "p1", null);
  assert.equal(p1.accounts.rental_income, "79");
  assert.equal(p1.hasOverride, false);
});
