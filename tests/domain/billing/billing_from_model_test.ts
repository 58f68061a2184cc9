import assert from "node:assert/strict";
import {
  billingChargeFromModel,
  billingPaymentsFromModel,
  depositTransactionsFromDisposition,
  rentScheduleFromLease,
} from "../../../domain/billing/billing_from_model.ts";
import { assessLateFees } from "../../../domain/billing/late_fees.ts";
import { depositBalances } from "../../../domain/billing/deposits.ts";
import { LeaseSchema } from "../../../domain/model/estatecore/lease.ts";
import { ChargeSchema } from "../../../domain/model/estatecore/charge.ts";
import { PaymentSchema } from "../../../domain/model/estatecore/payment.ts";
import { DepositDispositionSchema } from "../../../domain/model/estatecore/deposit_disposition.ts";

const usd = (cents: number) => ({ cents, currency: "USD" });
const lease = LeaseSchema.parse({
  id: "lease_1",
  property_id: "prop_1",
  tenant_ids: ["ten_1", "ten_2"],
  rent: usd(150_000),
  due_day: 1,
  start_date: "2026-04-17",
  security_deposit: usd(100_000),
});
const mayRent = ChargeSchema.parse({
  id: "chg_rent_2026_05",
  lease_id: "lease_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  type: "rent",
  amount: usd(150_000),
  billing_period: "2026-05",
  service_period: { start: "2026-05-01", end: "2026-05-31" },
  due_date: "2026-05-01",
});

Deno.test("rentScheduleFromLease: bills the first tenant the lease's rent and due day", () => {
  assert.deepEqual(rentScheduleFromLease(lease), {
    leaseId: "lease_1",
    tenantId: "ten_1",
    propertyId: "prop_1",
    amountCents: 150_000,
    currency: "USD",
    dueDay: 1,
    startDate: "2026-04-17",
    endDate: undefined,
  });
});

Deno.test("billingChargeFromModel: keeps the charge id as key and drops voided charges", () => {
  assert.deepEqual(billingChargeFromModel(mayRent), {
    key: "chg_rent_2026_05",
    leaseId: "lease_1",
    tenantId: "ten_1",
    propertyId: "prop_1",
    type: "rent",
    period: "2026-05",
    dueDate: "2026-05-01",
    amountCents: 150_000,
    currency: "USD",
  });
  assert.equal(billingChargeFromModel({ ...mayRent, status: "void" }), null);
});

Deno.test("billingPaymentsFromModel: explicit allocations only; a returned payment pays nothing, so the fee is due", () => {
  const payment = PaymentSchema.parse({
    id: "pay_1",
    lease_id: "lease_1",
    tenant_id: "ten_1",
    property_id: "prop_1",
    amount: usd(160_000),
    date: "2026-05-03",
    method: "check",
    allocations: [{ charge_id: "chg_rent_2026_05", amount: usd(150_000) }],
  });
  assert.deepEqual(billingPaymentsFromModel(payment), [
    {
      id: "pay_1#0",
      leaseId: "lease_1",
      date: "2026-05-03",
      amountCents: 150_000,
      chargeKey: "chg_rent_2026_05",
    },
  ]);
  const policy = { graceDays: 5, initialFee: { kind: "flat" as const, amountCents: 5_000 } };
  const charge = billingChargeFromModel(mayRent)!;
  assert.deepEqual(assessLateFees(policy, [charge], billingPaymentsFromModel(payment), "2026-05-31", []), []);
  const bounced = { ...payment, status: "returned" as const, returned_on: "2026-05-10" };
  assert.deepEqual(billingPaymentsFromModel(bounced), []);
  assert.equal(
    assessLateFees(policy, [charge], billingPaymentsFromModel(bounced), "2026-05-31", []).length,
    1,
  );
});

Deno.test("depositTransactionsFromDisposition: a disposition brings the tenant's deposit liability to zero", () => {
  const disposition = DepositDispositionSchema.parse({
    id: "disp_1",
    lease_id: "lease_1",
    tenant_id: "ten_1",
    property_id: "prop_1",
    date: "2026-07-05",
    deposit_held: usd(100_000),
    refund: usd(60_000),
    kept_for_damages: usd(25_000),
    applied_to_unpaid_rent: usd(15_000),
    applied_charges: [{ charge_id: "chg_rent_2026_06", amount: usd(15_000) }],
  });
  const movements = depositTransactionsFromDisposition(disposition);
  assert.deepEqual(movements.map((m) => [m.kind, m.amountCents]), [["kept", 25_000], ["applied", 15_000], [
    "refunded",
    60_000,
  ]]);
  const received = {
    tenantId: "ten_1",
    propertyId: "prop_1",
    leaseId: "lease_1",
    date: "2026-04-17",
    kind: "received" as const,
    amountCents: 100_000,
  };
  assert.equal(depositBalances([received, ...movements]).byTenant[0].balanceCents, 0);
});
