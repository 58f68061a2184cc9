import assert from "node:assert/strict";
import { ChargeSchema } from "../../../domain/model/estatecore/charge.ts";
import { emptyPortfolio } from "../../../domain/sync_engine/portfolio.ts";
import { failedRecords, pushProgress, recordsBlocked } from "../../../domain/sync_engine/push_outcomes.ts";
import { RecordOwners } from "../../../domain/sync_engine/record_owners.ts";
import { jane, maple, rentMarch, unit4b, usd } from "../mapping/mapping_fixtures.ts";

const v = <T>(data: T) => ({ data, version: 1, deleted: false });
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
  charges: [v(rentMarch), v(petMarch)],
});

Deno.test("failedRecords counts one entry per EstateCore record, refused writes and unmappable records alike", () => {
  const failed = failedRecords(owners, [{
    entityType: "Invoice",
    recordId: "inv:lease_1|ten_1|2026-03",
    qboId: null,
    code: "QB004",
    qboCode: "6000",
    message: "refused",
  }], [{
    recordType: "charge",
    recordId: "chg_rent_2026_03",
    code: "QB006",
    message: "no mapping",
    details: {},
  }]);
  assert.deepEqual(failed.map((f) => [f.outcome, f.recordId, f.code]).sort(), [
    ["failed", "chg_pet_2026_03", "QB004"],
    ["failed", "chg_rent_2026_03", "QB004"],
    ["invalid", "chg_pet_2026_03", "QB006"],
    ["invalid", "chg_rent_2026_03", "QB006"],
  ]);
  assert.equal(recordsBlocked(owners, [{ recordType: "tenant", recordId: jane.id, missing: [] }]), 1);
});

Deno.test("pushProgress keeps the total from the start, never shrinks it, and the final figures add up", () => {
  assert.deepEqual(pushProgress(10, 0, { done: 0, failed: 0, waiting: 0 }, false), {
    total: 10,
    done: 0,
    failed: 0,
    skipped: 0,
  });
  assert.deepEqual(
    pushProgress(10, 12, { done: 3, failed: 0, waiting: 2 }, false).total,
    12,
    "never shrinks",
  );
  assert.deepEqual(pushProgress(10, 10, { done: 9, failed: 2, waiting: 1 }, false).total, 12, "grows to fit");
  const final = pushProgress(10, 10, { done: 7, failed: 1, waiting: 0 }, true);
  assert.deepEqual(final, { total: 10, done: 7, failed: 1, skipped: 2 });
});
