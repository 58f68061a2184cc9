import assert from "node:assert/strict";
import { modelChargeFromBilling } from "../../../domain/billing/billing_to_model.ts";
import { generateRentCharges } from "../../../domain/billing/rent_charges.ts";
import { assessLateFees } from "../../../domain/billing/late_fees.ts";
import { ChargeSchema } from "../../../domain/model/estatecore/charge.ts";

const schedule = {
  leaseId: "lease_1",
  tenantId: "ten_1",
  propertyId: "prop_1",
  amountCents: 150_000,
  currency: "USD",
  dueDay: 1,
  startDate: "2026-04-17",
};

Deno.test("modelChargeFromBilling: a prorated rent charge becomes a valid model charge over the occupied days", () => {
  const [april] = generateRentCharges(schedule, "2026-04-30", new Set());
  const charge = modelChargeFromBilling(april, "Rent Apr 17-30 (14/30 days)");
  assert.deepEqual(ChargeSchema.parse(charge), charge);
  assert.deepEqual(charge?.service_period, { start: "2026-04-17", end: "2026-04-30" });
  assert.equal(charge?.id, "chg_lease_1_2026-04_rent");
  assert.equal(charge?.amount.cents, 70_000);
});

Deno.test("modelChargeFromBilling: a late fee is a charge of its own, serviced on its assessment day", () => {
  const [may] = generateRentCharges(schedule, "2026-05-31", new Set()).slice(1);
  const [fee] = assessLateFees(
    { graceDays: 5, initialFee: { kind: "flat", amountCents: 5_000 } },
    [may],
    [],
    "2026-05-31",
    [],
  );
  const charge = modelChargeFromBilling(fee);
  assert.deepEqual(ChargeSchema.parse(charge), charge);
  assert.deepEqual([charge?.type, charge?.service_period.start, charge?.billing_period], [
    "late_fee",
    "2026-05-07",
    "2026-05",
  ]);
});

Deno.test("modelChargeFromBilling: a zero charge is not billed", () => {
  const [free] = generateRentCharges({ ...schedule, amountCents: 0 }, "2026-04-30", new Set());
  assert.equal(modelChargeFromBilling(free), null);
});
