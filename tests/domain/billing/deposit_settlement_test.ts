import assert from "node:assert/strict";
import fc from "fast-check";
import { settleDeposit } from "../../../domain/billing/deposit_settlement.ts";
import { depositBalances } from "../../../domain/billing/deposits.ts";

const jane = { tenantId: "t-jane", propertyId: "p-maple", leaseId: "l-jane" };

Deno.test("settleDeposit: damages beyond the deposit remain owed and nothing is refunded", () => {
  const s = settleDeposit(jane, 100_000, {
    damagesCents: 90_000,
    unpaidChargesCents: 30_000,
    date: "2026-01-31",
  });
  assert.deepEqual([s.keptCents, s.appliedCents, s.refundCents, s.stillOwedCents], [
    90_000,
    10_000,
    0,
    20_000,
  ]);
  assert.deepEqual(s.transactions.map((t) => t.kind), ["kept", "applied"]);
  assert.throws(
    () => settleDeposit(jane, -1, { damagesCents: 0, unpaidChargesCents: 0, date: "2026-01-31" }),
    (e) =>
      e instanceof RangeError &&
      e.message === "deposit settlement amounts must be non-negative integer cents",
  );
});

Deno.test("settleDeposit: the liability always reaches zero and nothing is lost (property)", () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.integer({ min: 0, max: 1_000_000 }),
    (held, damagesCents, unpaidChargesCents) => {
      const s = settleDeposit(jane, held, { damagesCents, unpaidChargesCents, date: "2026-01-31" });
      assert.equal(s.keptCents + s.appliedCents + s.refundCents, held);
      assert.equal(s.keptCents + s.appliedCents + s.stillOwedCents, damagesCents + unpaidChargesCents);
      const received = { ...jane, date: "2025-01-01", kind: "received" as const, amountCents: held };
      assert.equal(depositBalances([received, ...s.transactions]).totalCents, 0);
    },
  ));
});
