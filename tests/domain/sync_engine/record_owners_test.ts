import assert from "node:assert/strict";
import { ChargeSchema } from "../../../domain/model/estatecore/charge.ts";
import { emptyPortfolio } from "../../../domain/sync_engine/portfolio.ts";
import { RecordOwners } from "../../../domain/sync_engine/record_owners.ts";
import { jane, maple, rentMarch, unit4b, usd } from "../mapping/mapping_fixtures.ts";

const v = <T>(data: T, deleted = false) => ({ data, version: 1, deleted });
const petMarch = ChargeSchema.parse({
  ...rentMarch,
  id: "chg_pet_2026_03",
  type: "other",
  amount: usd(5_000),
});
const owners = RecordOwners.of({
  ...emptyPortfolio(),
  properties: [v(maple)],
  units: [v(unit4b)],
  tenants: [v(jane)],
  // A deleted charge still owns the invoice it was billed on (re-syncing it rewrites that invoice).
  charges: [v(rentMarch), v(petMarch, true)],
});

Deno.test("RecordOwners.ownersOf maps the sync engine's record ids back to EstateCore records", () => {
  assert.deepEqual(
    owners.ownersOf("Invoice", "inv:lease_1|ten_1|2026-03").map((o) => o.recordId).sort(),
    ["chg_pet_2026_03", "chg_rent_2026_03"],
    "the deleted pet fee still owns its invoice",
  );
  assert.deepEqual(owners.ownersOf("Class", "prop_1"), [{
    recordType: "property",
    recordId: "prop_1",
    propertyId: "prop_1",
  }]);
  assert.deepEqual(owners.ownersOf("Class", "unit_4b")[0].recordType, "unit");
  assert.deepEqual(owners.ownersOf("Customer", "property:prop_1")[0].recordType, "property");
  assert.deepEqual(owners.ownersOf("Invoice", "nsf:pay_1")[0], {
    recordType: "payment",
    recordId: "pay_1",
    propertyId: null, // not in this portfolio: no property known
  });
  assert.deepEqual(owners.ownersOf("Bill", "exp_1#bill")[0].recordType, "expense");
  assert.deepEqual(
    owners.ownersOf("JournalEntry", "disp_1#deposit_journal")[0].recordType,
    "deposit_disposition",
  );
  assert.deepEqual(owners.ownersOf("Item", "item:Rent")[0], {
    recordType: "item",
    recordId: "Rent",
    propertyId: null,
  });
});
