import assert from "node:assert/strict";
import {
  depositBalances,
  depositReceipts,
  type DepositTransaction,
} from "../../../domain/billing/deposits.ts";
import { settleDeposit } from "../../../domain/billing/deposit_settlement.ts";
import { allocatePayments } from "../../../domain/billing/payment_allocation.ts";
import type { BillingCharge } from "../../../domain/billing/billing_charge.ts";

const jane = { tenantId: "t-jane", propertyId: "p-maple", leaseId: "l-jane" };
const omar = { tenantId: "t-omar", propertyId: "p-maple", leaseId: "l-omar" };

Deno.test("depositBalances: after a move-out with damages kept and unpaid rent applied, Jane's liability is zero", () => {
  const received: DepositTransaction = {
    ...jane,
    date: "2025-02-01",
    kind: "received",
    amountCents: 150_000,
  };
  const settlement = settleDeposit(jane, 150_000, {
    damagesCents: 32_500,
    unpaidChargesCents: 40_000,
    date: "2026-01-31",
  });
  assert.deepEqual([settlement.keptCents, settlement.appliedCents, settlement.refundCents], [
    32_500,
    40_000,
    77_500,
  ]);
  assert.equal(settlement.stillOwedCents, 0);
  const omarHeld: DepositTransaction = {
    ...omar,
    date: "2025-06-01",
    kind: "received",
    amountCents: 120_000,
  };
  const balances = depositBalances([received, omarHeld, ...settlement.transactions]);
  assert.deepEqual(balances.byTenant.map((b) => [b.id, b.balanceCents]), [["t-jane", 0], [
    "t-omar",
    120_000,
  ]]);
  assert.deepEqual(balances.byProperty, [{
    id: "p-maple",
    receivedCents: 270_000,
    refundedCents: 77_500,
    keptCents: 32_500,
    appliedCents: 40_000,
    balanceCents: 120_000,
  }]);
  assert.equal(balances.totalCents, 120_000);
  // Before the move-out both deposits were held.
  assert.equal(
    depositBalances([received, omarHeld, ...settlement.transactions], "2026-01-30").totalCents,
    270_000,
  );
});

Deno.test("depositBalances: a refund larger than what was received flags the tenant as overdrawn", () => {
  const balances = depositBalances([
    { ...jane, date: "2025-01-01", kind: "received", amountCents: 50_000 },
    { ...jane, date: "2025-02-01", kind: "refunded", amountCents: 60_000 },
  ]);
  assert.deepEqual(balances.overdrawnTenantIds, ["t-jane"]);
});

Deno.test("depositReceipts: a deposit is a liability when paid, partially paid deposits count what was paid", () => {
  const depositCharge: BillingCharge = {
    key: "chg_l-jane_2025-02_security_deposit",
    ...jane,
    type: "security_deposit",
    period: "2025-02",
    dueDate: "2025-02-01",
    amountCents: 150_000,
    currency: "USD",
  };
  const rent: BillingCharge = { ...depositCharge, key: "rent", type: "rent", dueDate: "2025-02-02" };
  const { allocations } = allocatePayments([depositCharge, rent], [
    { id: "pay1", leaseId: "l-jane", date: "2025-02-01", amountCents: 100_000 },
  ]);
  const receipts = depositReceipts([depositCharge, rent], allocations);
  assert.deepEqual(receipts.map((r) => [r.kind, r.amountCents, r.date]), [[
    "received",
    100_000,
    "2025-02-01",
  ]]);
  assert.equal(depositBalances(receipts).byTenant[0].balanceCents, 100_000);
});
