import assert from "node:assert/strict";
import type { BillingCharge } from "../../../domain/billing/billing_charge.ts";
import { allocatePayments } from "../../../domain/billing/payment_allocation.ts";

const base: BillingCharge = {
  key: "",
  leaseId: "l1",
  tenantId: "t1",
  propertyId: "p1",
  type: "rent",
  period: "2026-05",
  dueDate: "2026-05-01",
  amountCents: 0,
  currency: "USD",
};
const may = { ...base, key: "may", amountCents: 100_000 };
const june = { ...base, key: "june", period: "2026-06", dueDate: "2026-06-01", amountCents: 100_000 };

Deno.test("allocatePayments: pays the oldest open charge first and keeps overpayment as credit", () => {
  const { allocations, unappliedByPayment } = allocatePayments([june, may], [
    { id: "a", leaseId: "l1", date: "2026-05-02", amountCents: 150_000 },
    { id: "b", leaseId: "l1", date: "2026-06-02", amountCents: 80_000 },
  ]);
  assert.deepEqual(allocations.map((a) => [a.paymentId, a.chargeKey, a.amountCents]), [
    ["a", "may", 100_000],
    ["a", "june", 50_000],
    ["b", "june", 50_000],
  ]);
  assert.deepEqual([...unappliedByPayment], [["b", 30_000]]);
});

Deno.test("allocatePayments: a payment naming a charge pays only that charge; the excess is credit", () => {
  const { allocations, unappliedByPayment } = allocatePayments([may, june], [
    { id: "a", leaseId: "l1", date: "2026-06-02", amountCents: 120_000, chargeKey: "june" },
  ]);
  assert.deepEqual(allocations.map((a) => [a.chargeKey, a.amountCents]), [["june", 100_000]]);
  assert.equal(unappliedByPayment.get("a"), 20_000);
});

Deno.test("allocatePayments: payments of another lease never touch these charges", () => {
  const { allocations, unappliedByPayment } = allocatePayments([may], [
    { id: "x", leaseId: "l2", date: "2026-05-02", amountCents: 5_000 },
  ]);
  assert.deepEqual(allocations, []);
  assert.equal(unappliedByPayment.get("x"), 5_000);
});
