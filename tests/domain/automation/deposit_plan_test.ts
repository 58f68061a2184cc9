import assert from "node:assert/strict";
import { planDepositDispositions } from "../../../domain/automation/deposit_plan.ts";
import type { Charge } from "../../../domain/model/estatecore/charge.ts";
import type { Lease } from "../../../domain/model/estatecore/lease.ts";
import type { Payment } from "../../../domain/model/estatecore/payment.ts";

const usd = (cents: number) => ({ cents, currency: "USD" });
const lease = (id: string, end?: string): Lease => ({
  id,
  property_id: "p1",
  tenant_ids: [`t_${id}`],
  rent: usd(100_000),
  due_day: 1,
  start_date: "2026-01-01",
  ...(end ? { end_date: end } : {}),
  security_deposit: usd(100_000),
});
const charge = (id: string, leaseId: string, type: Charge["type"], cents: number, due: string): Charge => ({
  id,
  lease_id: leaseId,
  tenant_id: `t_${leaseId}`,
  property_id: "p1",
  type,
  amount: usd(cents),
  billing_period: due.slice(0, 7),
  service_period: { start: due, end: due },
  due_date: due,
  status: "open",
});
const pay = (id: string, leaseId: string, chargeId: string, cents: number): Payment => ({
  id,
  lease_id: leaseId,
  tenant_id: `t_${leaseId}`,
  property_id: "p1",
  amount: usd(cents),
  date: "2026-01-02",
  method: "ach",
  allocations: [{ charge_id: chargeId, amount: usd(cents) }],
  status: "cleared",
});

Deno.test("planDepositDispositions proposes covering unpaid charges first and lists only ended, undisposed leases", () => {
  const leases = [lease("A", "2026-03-31"), lease("B", "2026-03-31"), lease("C"), lease("D", "2026-03-31")];
  const charges = [
    ...["A", "B", "C", "D"].map((l) => charge(`dep_${l}`, l, "security_deposit", 100_000, "2026-01-01")),
    charge("rent_A_03", "A", "rent", 100_000, "2026-03-01"),
    charge("fee_A_03", "A", "late_fee", 5_000, "2026-03-07"),
  ];
  const payments = [
    pay("pA", "A", "dep_A", 100_000),
    pay("pA3", "A", "rent_A_03", 40_000),
    pay("pB", "B", "dep_B", 100_000),
    pay("pC", "C", "dep_C", 100_000),
  ];
  const disposed = [{
    id: "disp_B",
    lease_id: "B",
    tenant_id: "t_B",
    property_id: "p1",
    date: "2026-04-02",
    deposit_held: usd(100_000),
    refund: usd(100_000),
    kept_for_damages: usd(0),
    applied_to_unpaid_rent: usd(0),
    applied_charges: [],
  }];
  const needed = planDepositDispositions(leases, charges, payments, disposed, "2026-04-10");
  // B is disposed of, C has not ended, D never paid its deposit (nothing held).
  assert.deepEqual(needed, [{
    leaseId: "A",
    tenantId: "t_A",
    propertyId: "p1",
    endedOn: "2026-03-31",
    daysSinceMoveOut: 10,
    depositHeldCents: 100_000,
    unpaidChargesCents: 65_000,
    proposedAppliedCharges: [{ chargeId: "rent_A_03", amountCents: 60_000 }, {
      chargeId: "fee_A_03",
      amountCents: 5_000,
    }],
    proposedAppliedCents: 65_000,
    proposedRefundCents: 35_000,
  }]);
  assert.deepEqual(
    planDepositDispositions(leases, charges, payments, disposed, "2026-03-31"),
    [],
    "not ended yet on its last day",
  );
});
