import assert from "node:assert/strict";
import { LateFeePolicySchema, percentOfCents } from "../../../domain/billing/late_fee_policy.ts";

Deno.test("percentOfCents: rounds half up in integer cents", () => {
  assert.equal(percentOfCents(150_000, 500), 7_500);
  assert.equal(percentOfCents(10, 500), 1); // 0.5 cent -> 1
  assert.equal(percentOfCents(9, 500), 0); // 0.45 cent -> 0
});

Deno.test("LateFeePolicySchema: fills defaults and rejects negative amounts or over-100% rates", () => {
  const policy = LateFeePolicySchema.parse({
    graceDays: 5,
    initialFee: { kind: "flat", amountCents: 5_000 },
  });
  assert.deepEqual([policy.dailyAccrualCents, policy.appliesTo, policy.maxPerPeriodCents], [
    0,
    ["rent"],
    undefined,
  ]);
  assert.equal(
    LateFeePolicySchema.safeParse({ graceDays: 5, initialFee: { kind: "flat", amountCents: -1 } }).success,
    false,
  );
  assert.equal(
    LateFeePolicySchema.safeParse({ graceDays: 5, initialFee: { kind: "percent", basisPoints: 10_001 } })
      .success,
    false,
  );
});
