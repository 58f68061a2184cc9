import assert from "node:assert/strict";
import { DepositDispositionSchema } from "../../../domain/model/estatecore/deposit_disposition.ts";
import { PaymentSchema } from "../../../domain/model/estatecore/payment.ts";
import { ExpenseSchema } from "../../../domain/model/estatecore/expense.ts";
import { TenantSchema } from "../../../domain/model/estatecore/tenant.ts";
import { ChargeSchema } from "../../../domain/model/estatecore/charge.ts";

const usd = (cents: number) => ({ cents, currency: "USD" });

Deno.test("DepositDispositionSchema requires the parts to add up to the deposit held", () => {
  const base = {
    id: "d1",
    lease_id: "l1",
    tenant_id: "t1",
    property_id: "p1",
    date: "2026-07-05",
    deposit_held: usd(100_000),
    refund: usd(60_000),
    kept_for_damages: usd(25_000),
    applied_to_unpaid_rent: usd(15_000),
    applied_charges: [{ charge_id: "c1", amount: usd(15_000) }],
  };
  assert.equal(DepositDispositionSchema.safeParse(base).success, true);
  const short = DepositDispositionSchema.safeParse({ ...base, refund: usd(59_999) });
  assert.equal(short.success, false);
  assert.deepEqual(short.error?.issues.map((i) => i.path.join(".")), ["deposit_held"]);
  const unitemized = DepositDispositionSchema.safeParse({ ...base, applied_charges: [] });
  assert.deepEqual(unitemized.error?.issues.map((i) => i.path.join(".")), ["applied_charges"]);
});

Deno.test("PaymentSchema rejects allocations larger than the payment and defaults status", () => {
  const p = {
    id: "pay",
    tenant_id: "t",
    property_id: "p",
    amount: usd(70_000),
    date: "2026-03-03",
    method: "check",
    allocations: [{ charge_id: "c", amount: usd(70_001) }],
  };
  assert.equal(PaymentSchema.safeParse(p).success, false);
  const ok = PaymentSchema.parse({ ...p, allocations: [{ charge_id: "c", amount: usd(50_000) }] });
  assert.equal(ok.status, "cleared");
});

Deno.test("ExpenseSchema requires a payment when paid at once", () => {
  const e = {
    id: "e",
    vendor_id: "v",
    property_id: "p",
    category: "repairs_maintenance",
    amount: usd(9_900),
    bill_date: "2026-03-10",
    settlement: "paid_at_once",
  };
  assert.equal(ExpenseSchema.safeParse(e).success, false);
  assert.equal(ExpenseSchema.safeParse({ ...e, settlement: "bill" }).success, true);
});

Deno.test("TenantSchema needs some name", () => {
  assert.equal(TenantSchema.safeParse({ id: "t" }).success, false);
  assert.equal(TenantSchema.safeParse({ id: "t", company_name: "Acme LLC" }).success, true);
});

Deno.test("ChargeSchema rejects a zero amount and a malformed billing period", () => {
  const c = {
    id: "c",
    lease_id: "l",
    tenant_id: "t",
    property_id: "p",
    type: "rent",
    amount: usd(150_000),
    billing_period: "2026-03",
    service_period: { start: "2026-03-01", end: "2026-03-31" },
    due_date: "2026-03-01",
  };
  assert.equal(ChargeSchema.safeParse(c).success, true);
  assert.equal(ChargeSchema.safeParse({ ...c, amount: usd(0) }).success, false);
  assert.equal(ChargeSchema.safeParse({ ...c, billing_period: "2026-13" }).success, false);
});
