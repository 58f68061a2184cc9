import assert from "node:assert/strict";
import fc from "fast-check";
import type { BillingCharge } from "../../../domain/billing/billing_charge.ts";
import { assessLateFees, lateFeeKey } from "../../../domain/billing/late_fees.ts";
import type { LateFeePolicyInput } from "../../../domain/billing/late_fee_policy.ts";
import type { BillingPayment } from "../../../domain/billing/payment_allocation.ts";
import { isDomainError } from "../../../domain/errors.ts";

const mayRent: BillingCharge = {
  key: "chg_l1_2026-05_rent",
  leaseId: "l1",
  tenantId: "t1",
  propertyId: "p1",
  type: "rent",
  period: "2026-05",
  dueDate: "2026-05-01",
  amountCents: 150_000,
  currency: "USD",
};
const fivePercentCapped: LateFeePolicyInput = {
  graceDays: 5,
  initialFee: { kind: "percent", basisPoints: 500 },
  maxPerPeriodCents: 5_000,
};
const pay = (id: string, date: string, amountCents: number): BillingPayment => ({
  id,
  leaseId: "l1",
  date,
  amountCents,
});

Deno.test("assessLateFees: 5% of $1,500 after 5 grace days is $75, capped at $50, assessed on day 7", () => {
  const fees = assessLateFees(fivePercentCapped, [mayRent], [], "2026-05-31", []);
  assert.deepEqual(fees.map((f) => [f.key, f.dueDate, f.amountCents, f.overdueCents, f.kind]), [
    [lateFeeKey("l1", "2026-05", "2026-05-07"), "2026-05-07", 5_000, 150_000, "initial"],
  ]);
  assert.equal(fees[0].type, "late_fee");
});

Deno.test("assessLateFees: nothing before the grace period has ended", () => {
  assert.deepEqual(assessLateFees(fivePercentCapped, [mayRent], [], "2026-05-06", []), []);
});

Deno.test("assessLateFees: paying in full on the last grace day avoids the fee", () => {
  assert.deepEqual(
    assessLateFees(fivePercentCapped, [mayRent], [pay("p1", "2026-05-06", 150_000)], "2026-05-31", []),
    [],
  );
});

Deno.test("assessLateFees: a partial payment leaves an overdue balance that the percentage applies to", () => {
  const policy = { ...fivePercentCapped, maxPerPeriodCents: undefined };
  const fees = assessLateFees(policy, [mayRent], [pay("p1", "2026-05-03", 100_000)], "2026-05-31", []);
  assert.deepEqual(fees.map((f) => [f.amountCents, f.overdueCents]), [[2_500, 50_000]]); // 5% of $500
});

Deno.test("assessLateFees: a payment after the grace date does not avoid the fee", () => {
  const fees = assessLateFees(
    fivePercentCapped,
    [mayRent],
    [pay("p1", "2026-05-07", 150_000)],
    "2026-05-31",
    [],
  );
  assert.equal(fees.length, 1);
});

Deno.test("assessLateFees: flat fee plus daily accrual stops at the period cap and when paid", () => {
  const policy: LateFeePolicyInput = {
    graceDays: 3,
    initialFee: { kind: "flat", amountCents: 2_500 },
    dailyAccrualCents: 1_000,
    maxPerPeriodCents: 5_000,
  };
  const fees = assessLateFees(policy, [mayRent], [], "2026-05-31", []);
  assert.deepEqual(fees.map((f) => [f.dueDate, f.amountCents]), [
    ["2026-05-05", 2_500],
    ["2026-05-06", 1_000],
    ["2026-05-07", 1_000],
    ["2026-05-08", 500], // cut to the $50 cap
  ]);
  const paidOn6th = assessLateFees(policy, [mayRent], [pay("p1", "2026-05-06", 150_000)], "2026-05-31", []);
  assert.deepEqual(paidOn6th.map((f) => f.dueDate), ["2026-05-05", "2026-05-06"]);
});

Deno.test("assessLateFees: the lease-lifetime cap spans periods", () => {
  const juneRent = { ...mayRent, key: "chg_l1_2026-06_rent", period: "2026-06", dueDate: "2026-06-01" };
  const policy: LateFeePolicyInput = {
    graceDays: 5,
    initialFee: { kind: "flat", amountCents: 5_000 },
    maxPerLeaseCents: 7_500,
  };
  const fees = assessLateFees(policy, [mayRent, juneRent], [], "2026-06-30", []);
  assert.deepEqual(fees.map((f) => [f.period, f.amountCents]), [["2026-05", 5_000], ["2026-06", 2_500]]);
});

Deno.test("assessLateFees: returns only new assessments; already-assessed fees count toward caps", () => {
  const policy: LateFeePolicyInput = {
    graceDays: 0,
    initialFee: { kind: "flat", amountCents: 1_000 },
    dailyAccrualCents: 100,
    maxPerPeriodCents: 1_500,
  };
  const early = assessLateFees(policy, [mayRent], [], "2026-05-03", []);
  assert.deepEqual(early.map((f) => f.amountCents), [1_000, 100]);
  const later = assessLateFees(policy, [mayRent], [], "2026-05-31", early);
  assert.deepEqual(later.map((f) => [f.dueDate, f.amountCents]), [
    ["2026-05-04", 100],
    ["2026-05-05", 100],
    ["2026-05-06", 100],
    ["2026-05-07", 100],
  ]);
  assert.deepEqual(assessLateFees(policy, [mayRent], [], "2026-05-31", [...early, ...later]), []);
});

Deno.test("assessLateFees: only charge types in appliesTo can be late", () => {
  const fee = { ...mayRent, key: "fee", type: "late_fee" as const };
  assert.deepEqual(assessLateFees(fivePercentCapped, [fee], [], "2026-05-31", []), []);
});

Deno.test("assessLateFees: an invalid policy is a VALIDATION_FAILED DomainError", () => {
  assert.throws(
    () =>
      assessLateFees(
        { graceDays: -1, initialFee: { kind: "flat", amountCents: 1 } },
        [mayRent],
        [],
        "2026-05-31",
        [],
      ),
    (e: unknown) => isDomainError(e) && e.code === "VALIDATION_FAILED",
  );
});

const policyArb: fc.Arbitrary<LateFeePolicyInput> = fc.record({
  graceDays: fc.integer({ min: 0, max: 10 }),
  initialFee: fc.oneof(
    fc.record({ kind: fc.constant("flat" as const), amountCents: fc.integer({ min: 0, max: 20_000 }) }),
    fc.record({ kind: fc.constant("percent" as const), basisPoints: fc.integer({ min: 0, max: 2_000 }) }),
  ),
  dailyAccrualCents: fc.integer({ min: 0, max: 2_000 }),
  maxPerPeriodCents: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
  maxPerLeaseCents: fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: undefined }),
});
const scenarioArb = fc.record({
  policy: policyArb,
  months: fc.integer({ min: 1, max: 4 }),
  rent: fc.integer({ min: 1, max: 300_000 }),
  payments: fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 130 }), amountCents: fc.integer({ min: 1, max: 300_000 }) }),
    { maxLength: 5 },
  ),
  split: fc.integer({ min: 0, max: 130 }),
});

Deno.test("assessLateFees: never exceeds caps, one fee per day, idempotent and incremental (property)", () => {
  fc.assert(
    fc.property(scenarioArb, ({ policy, months, rent, payments, split }) => {
      const charges: BillingCharge[] = Array.from({ length: months }, (_, i) => {
        const period = `2026-0${i + 1}`;
        return { ...mayRent, key: `rent-${i}`, period, dueDate: `${period}-01`, amountCents: rent };
      });
      const pays = payments.map((p, i) =>
        pay(`p${i}`, new Date(Date.UTC(2026, 0, 1 + p.day)).toISOString().slice(0, 10), p.amountCents)
      );
      const asOf = "2026-05-15";
      const all = assessLateFees(policy, charges, pays, asOf, []);
      assert.equal(new Set(all.map((f) => f.key)).size, all.length);
      const total = all.reduce((s, f) => s + f.amountCents, 0);
      if (policy.maxPerLeaseCents !== undefined) assert.ok(total <= policy.maxPerLeaseCents);
      if (policy.maxPerPeriodCents !== undefined) {
        for (const c of charges) {
          const perPeriod = all.filter((f) => f.period === c.period).reduce((s, f) => s + f.amountCents, 0);
          assert.ok(perPeriod <= policy.maxPerPeriodCents);
        }
      }
      assert.ok(all.every((f) => f.amountCents > 0 && f.dueDate <= asOf));
      assert.deepEqual(assessLateFees(policy, charges, pays, asOf, all), []);
      assert.deepEqual(assessLateFees(policy, charges, pays, asOf, []), all);
      const cut = new Date(Date.UTC(2026, 0, 1 + split)).toISOString().slice(0, 10);
      const first = assessLateFees(policy, charges, pays, cut, []);
      const second = assessLateFees(policy, charges, pays, asOf, first);
      assert.deepEqual(
        [...first, ...second].sort((a, b) => a.key < b.key ? -1 : 1),
        [...all].sort((a, b) => a.key < b.key ? -1 : 1),
      );
    }),
    { numRuns: 200 },
  );
});
