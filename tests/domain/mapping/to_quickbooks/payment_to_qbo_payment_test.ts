import assert from "node:assert/strict";
import { mapPaymentToQboPayment } from "../../../../domain/mapping/to_quickbooks/payment_to_qbo_payment.ts";
import { PaymentSchema } from "../../../../domain/model/estatecore/payment.ts";
import { SyncSettingsSchema } from "../../../../domain/ports/sync_settings_repository.ts";
import { isDomainError } from "../../../../domain/errors.ts";
import { context, usd } from "../mapping_fixtures.ts";

const partial = PaymentSchema.parse({
  id: "pay_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  amount: usd(70_000),
  date: "2026-03-03",
  method: "check",
  reference: "1042",
  allocations: [{ charge_id: "chg_rent_2026_03", amount: usd(70_000) }],
});

Deno.test("mapPaymentToQboPayment: partial $700 payment linked to the rent invoice, to Undeposited Funds", () => {
  assert.deepEqual(mapPaymentToQboPayment(partial, context()), {
    ok: true,
    value: {
      CustomerRef: { value: "58" },
      TotalAmt: 700,
      TxnDate: "2026-03-03",
      PaymentRefNum: "1042",
      DepositToAccountRef: { value: "4" },
      Line: [{ Amount: 700, LinkedTxn: [{ TxnId: "130", TxnType: "Invoice" }] }],
      PrivateNote: "EstateCore payment pay_1 (check)",
    },
  });
});

Deno.test("mapPaymentToQboPayment: overpayment sums charges per invoice and leaves the rest unapplied", () => {
  const over = PaymentSchema.parse({
    ...partial,
    amount: usd(200_000),
    allocations: [
      { charge_id: "chg_rent_2026_02", amount: usd(20_000) },
      { charge_id: "chg_rent_2026_03", amount: usd(150_000) },
      { charge_id: "chg_pet_2026_03", amount: usd(3_550) },
    ],
  });
  const result = mapPaymentToQboPayment(over, context());
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.equal(result.value.TotalAmt, 2000);
  assert.deepEqual(result.value.Line, [
    { Amount: 200, LinkedTxn: [{ TxnId: "120", TxnType: "Invoice" }] },
    { Amount: 1535.5, LinkedTxn: [{ TxnId: "130", TxnType: "Invoice" }] },
  ]);
  // 2000 - 200 - 1535.50 = 264.50 stays as QBO UnappliedAmt (tenant credit).
});

Deno.test("mapPaymentToQboPayment: deposits straight to the operating bank when the org says so", () => {
  const ctx = context({
    settings: SyncSettingsSchema.parse({ deposit_to: "bank" }),
  });
  const result = mapPaymentToQboPayment(partial, ctx);
  assert.equal(
    result.ok && JSON.stringify(result.value.DepositToAccountRef),
    JSON.stringify({ value: "35" }),
  );
});

Deno.test("mapPaymentToQboPayment: an allocation to an unsynced charge is a missing invoice", () => {
  const p = { ...partial, allocations: [{ charge_id: "chg_unsynced", amount: usd(100) }] };
  assert.deepEqual(mapPaymentToQboPayment(p, context()), {
    ok: false,
    missing: [{ entity: "Invoice", source: "charge", id: "chg_unsynced" }],
  });
});

Deno.test("mapPaymentToQboPayment: a returned payment is refused (map its reversal instead)", () => {
  assert.throws(
    () => mapPaymentToQboPayment({ ...partial, status: "returned" }, context()),
    (e) => isDomainError(e) && e.code === "VALIDATION_FAILED" && e.details.field === "status",
  );
});
