import assert from "node:assert/strict";
import { proposePaymentFromQbo } from "../../../../domain/mapping/from_quickbooks/payment_proposal.ts";
import { QboPaymentSchema } from "../../../../domain/model/quickbooks/qbo_payment.ts";

const pullCtx = {
  currency: "USD",
  tenantsByCustomer: { "58": { tenant_id: "ten_1", property_id: "prop_1" } },
  chargesByInvoice: {
    "130": [{ charge_id: "chg_rent", open_cents: 150_000 }, { charge_id: "chg_pet", open_cents: 3_500 }],
  },
};

const qboPayment = QboPaymentSchema.parse({
  id: "300",
  syncToken: "0",
  txnDate: "2026-03-04",
  lastUpdated: "2026-03-04T10:00:00Z",
  customerId: "58",
  totalCents: 160_000,
  unappliedCents: 6_500,
  paymentRefNum: "777",
  lines: [{ amountCents: 153_500, linkedTxns: [{ txnId: "130", txnType: "Invoice" }] }],
});

Deno.test("proposePaymentFromQbo: spreads the invoice line over its charges, keeps the credit unapplied", () => {
  assert.deepEqual(proposePaymentFromQbo(qboPayment, pullCtx), {
    kind: "proposal",
    proposal: {
      qbo_payment_id: "300",
      tenant_id: "ten_1",
      property_id: "prop_1",
      amount: { cents: 160_000, currency: "USD" },
      date: "2026-03-04",
      reference: "777",
      allocations: [
        { charge_id: "chg_rent", amount: { cents: 150_000, currency: "USD" } },
        { charge_id: "chg_pet", amount: { cents: 3_500, currency: "USD" } },
      ],
      unapplied: { cents: 6_500, currency: "USD" },
      needs_review: false,
    },
  });
});

Deno.test("proposePaymentFromQbo: a partial payment settles rent first", () => {
  const partial = { ...qboPayment, totalCents: 70_000, unappliedCents: 0 };
  const lines = [{ amountCents: 70_000, linkedTxns: [{ txnId: "130", txnType: "Invoice" as const }] }];
  const outcome = proposePaymentFromQbo({ ...partial, lines }, pullCtx);
  assert.equal(outcome.kind, "proposal");
  if (outcome.kind !== "proposal") return;
  assert.deepEqual(outcome.proposal.allocations, [{
    charge_id: "chg_rent",
    amount: { cents: 70_000, currency: "USD" },
  }]);
});

Deno.test("proposePaymentFromQbo: more than is open on our charges is flagged for review", () => {
  const lines = [{ amountCents: 160_000, linkedTxns: [{ txnId: "130", txnType: "Invoice" as const }] }];
  const outcome = proposePaymentFromQbo({ ...qboPayment, unappliedCents: 0, lines }, pullCtx);
  assert.equal(outcome.kind === "proposal" && outcome.proposal.unapplied.cents, 6_500);
  assert.equal(outcome.kind === "proposal" && outcome.proposal.needs_review, true);
});

Deno.test("proposePaymentFromQbo: ignores unknown customers, foreign invoices and voided payments", () => {
  assert.deepEqual(proposePaymentFromQbo({ ...qboPayment, customerId: "99" }, pullCtx), {
    kind: "ignored",
    reason: "unknown_customer",
  });
  const foreign = [{ amountCents: 100, linkedTxns: [{ txnId: "999", txnType: "Invoice" as const }] }];
  assert.deepEqual(proposePaymentFromQbo({ ...qboPayment, unappliedCents: 0, lines: foreign }, pullCtx), {
    kind: "ignored",
    reason: "no_synced_invoice",
  });
  assert.deepEqual(proposePaymentFromQbo({ ...qboPayment, state: "voided" }, pullCtx), {
    kind: "ignored",
    reason: "not_active",
  });
});
