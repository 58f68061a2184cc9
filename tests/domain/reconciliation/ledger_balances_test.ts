import assert from "node:assert/strict";
import { compareBalances, ledgerBalances } from "../../../domain/reconciliation/ledger_balances.ts";
import { ecRecord } from "./ledger_fixtures.ts";

const month = [
  ecRecord({ id: "inv", amountCents: 150_000 }),
  ecRecord({ id: "cm", kind: "credit_memo", amountCents: 10_000 }),
  ecRecord({ id: "pay", kind: "payment", amountCents: 100_000 }),
  ecRecord({ id: "dep", kind: "deposit_liability", amountCents: 200_000 }),
  ecRecord({ id: "refund", kind: "deposit_liability", amountCents: -50_000 }),
  ecRecord({ id: "void", amountCents: 999_999, status: "voided" }),
];

Deno.test("ledgerBalances: tenant A/R, property deposit liability and property income from active records", () => {
  const b = ledgerBalances(month);
  assert.equal(b.tenantReceivable.get("t-jane"), 40_000); // 1,500 - 100 credit - 1,000 paid
  assert.equal(b.propertyDepositLiability.get("p-maple"), 150_000); // 2,000 held - 500 refunded
  assert.equal(b.propertyIncome.get("p-maple"), 140_000);
});

Deno.test("compareBalances: each differing balance is a balance_mismatch needing review", () => {
  const quickbooks = month.map((r) => (r.id === "dep" ? { ...r, postedTo: "income" as const } : r));
  const found = compareBalances(ledgerBalances(month), ledgerBalances(quickbooks));
  assert.deepEqual(
    found.map((d) => [d.balance, d.estatecoreId, d.estatecoreValue, d.quickbooksValue, d.amountAtStakeCents]),
    [
      ["property_deposit_liability", "p-maple", 150_000, -50_000, 200_000],
      ["property_income", "p-maple", 140_000, 340_000, 200_000],
    ],
  );
  assert.ok(found.every((d) => d.action === "review" && !d.autoResolvable));
  assert.deepEqual(compareBalances(ledgerBalances(month), ledgerBalances(month)), []);
});
