import assert from "node:assert/strict";
import fc from "fast-check";
import {
  findAccount,
  resolveAccount,
  resolveExpenseAccount,
} from "../../../domain/mapping/account_resolution.ts";
import { AccountMappingSchema, AccountPurposeSchema } from "../../../domain/mapping/account_mapping.ts";
import { isDomainError } from "../../../domain/errors.ts";

const mapping = AccountMappingSchema.parse({
  organization_id: "org_1",
  defaults: { accounts: { rental_income: "79", other_income: "81" }, expense_accounts: { utilities: "61" } },
  property_overrides: {
    prop_2: { accounts: { rental_income: "80" }, expense_accounts: { utilities: "62" } },
  },
});

Deno.test("resolveAccount: the property override wins over the org default", () => {
  assert.equal(resolveAccount(mapping, "prop_1", "rental_income"), "79");
  assert.equal(resolveAccount(mapping, "prop_2", "rental_income"), "80");
});

Deno.test("resolveAccount: pet fee, utility and damage income fall back to other income", () => {
  assert.equal(resolveAccount(mapping, "prop_1", "pet_fee_income"), "81");
  assert.equal(resolveAccount(mapping, "prop_1", "damage_income"), "81");
});

Deno.test("resolveAccount: a missing mapping is QB006 naming property and purpose", () => {
  assert.throws(
    () => resolveAccount(mapping, "prop_7", "security_deposit_liability"),
    (e) =>
      isDomainError(e) && e.code === "QB006" && e.details.property_id === "prop_7" &&
      e.details.purpose === "security_deposit_liability" && /prop_7/.test(e.message),
  );
});

Deno.test("resolveAccount: QB006 for any purpose left unmapped (property)", () => {
  fc.assert(fc.property(
    fc.constantFrom(...AccountPurposeSchema.options),
    fc.string({ minLength: 1, maxLength: 12 }),
    (purpose, propertyId) => {
      const empty = AccountMappingSchema.parse({ organization_id: "o" });
      assert.equal(findAccount(empty, propertyId, purpose), undefined);
      assert.throws(
        () => resolveAccount(empty, propertyId, purpose),
        (e) => isDomainError(e) && e.code === "QB006" && e.details.property_id === propertyId,
      );
    },
  ));
});

Deno.test("resolveExpenseAccount: override, default, then QB006 naming the category", () => {
  assert.equal(resolveExpenseAccount(mapping, "prop_1", "utilities"), "61");
  assert.equal(resolveExpenseAccount(mapping, "prop_2", "utilities"), "62");
  assert.throws(
    () => resolveExpenseAccount(mapping, "prop_1", "insurance"),
    (e) => isDomainError(e) && e.code === "QB006" && e.details.expense_category === "insurance",
  );
});

Deno.test("findAccount: undefined property reads the org defaults only", () => {
  assert.equal(findAccount(mapping, undefined, "rental_income"), "79");
});
