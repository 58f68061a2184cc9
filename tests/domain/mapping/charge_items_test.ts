import assert from "node:assert/strict";
import fc from "fast-check";
import { itemPayload, requiredItems, resolveItem } from "../../../domain/mapping/charge_items.ts";
import { AccountMappingSchema } from "../../../domain/mapping/account_mapping.ts";
import { ChargeTypeSchema } from "../../../domain/model/estatecore/charge.ts";
import { isDomainError } from "../../../domain/errors.ts";
import { accounts } from "./mapping_fixtures.ts";

const withOverride = AccountMappingSchema.parse({
  ...accounts,
  property_overrides: { prop_2: { accounts: { rental_income: "77" }, item_label: "Oak Plaza" } },
});

Deno.test("resolveItem: org item with its income account; the deposit item posts to the liability", () => {
  assert.deepEqual(resolveItem(accounts, "prop_1", "rent"), {
    name: "Rent",
    type: "Service",
    charge_type: "rent",
    income_account_id: "79",
  });
  assert.equal(resolveItem(accounts, "prop_1", "security_deposit").income_account_id, "90");
});

Deno.test("resolveItem: a property whose override changes the account gets its own item", () => {
  assert.equal(resolveItem(withOverride, "prop_2", "rent").name, "Rent - Oak Plaza");
  assert.equal(resolveItem(withOverride, "prop_2", "late_fee").name, "Late Fee");
});

Deno.test("requiredItems: every item to find or create, unique by name, sorted", () => {
  const items = requiredItems(withOverride, ["prop_1", "prop_2"], ["rent", "security_deposit"]);
  assert.deepEqual(items.map((i) => [i.name, i.income_account_id]), [
    ["Rent", "79"],
    ["Rent - Oak Plaza", "77"],
    ["Security Deposit", "90"],
  ]);
  assert.deepEqual(itemPayload(items[0]), {
    Name: "Rent",
    Type: "Service",
    IncomeAccountRef: { value: "79" },
  });
});

Deno.test("requiredItems: QB006 names the property and charge type for any unmapped charge type (property)", () => {
  fc.assert(fc.property(fc.constantFrom(...ChargeTypeSchema.options), (chargeType) => {
    const empty = AccountMappingSchema.parse({ organization_id: "o" });
    assert.throws(
      () => requiredItems(empty, ["prop_9"], [chargeType]),
      (e) =>
        isDomainError(e) && e.code === "QB006" && e.details.property_id === "prop_9" &&
        e.details.charge_type === chargeType,
    );
  }));
});
