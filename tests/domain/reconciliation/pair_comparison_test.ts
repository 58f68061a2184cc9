import assert from "node:assert/strict";
import { comparePair } from "../../../domain/reconciliation/pair_comparison.ts";
import type { LedgerRecord } from "../../../domain/reconciliation/ledger_record.ts";
import { ecRecord } from "./ledger_fixtures.ts";

const pair = (qb: Partial<LedgerRecord>, ec: Partial<LedgerRecord> = {}) => {
  const estatecore = ecRecord({ linkedId: "q1", ...ec });
  return { estatecore, quickbooks: { ...ecRecord(), side: "quickbooks" as const, id: "q1", ...qb } };
};

Deno.test("comparePair: equal records have no discrepancy", () => {
  assert.deepEqual(comparePair(pair({})), []);
});

Deno.test("comparePair: amount, date and customer differences, each with its stake", () => {
  const found = comparePair(pair({ amountCents: 125_050, date: "2026-05-03", customerId: "t-omar" }));
  assert.deepEqual(found.map((d) => [d.type, d.estatecoreValue, d.quickbooksValue, d.amountAtStakeCents]), [
    ["amount_mismatch", 150_000, 125_050, 24_950],
    ["date_mismatch", "2026-05-01", "2026-05-03", 150_000],
    ["customer_mismatch", "t-jane", "t-omar", 150_000],
  ]);
});

Deno.test("comparePair: deleted in QBO while active in EstateCore is a status mismatch only", () => {
  const found = comparePair(pair({ status: "deleted", amountCents: 0 }));
  assert.deepEqual(found.map((d) => [d.type, d.action, d.autoResolvable]), [[
    "status_mismatch",
    "review",
    false,
  ]]);
});

Deno.test("comparePair: voided on both sides (even with different amounts) is consistent", () => {
  assert.deepEqual(comparePair(pair({ status: "voided", amountCents: 0 }, { status: "voided" })), []);
});

Deno.test("comparePair: a deposit posted to income is flagged even when amounts agree", () => {
  const found = comparePair(
    pair({ kind: "deposit_liability", postedTo: "income" }, { kind: "deposit_liability" }),
  );
  assert.deepEqual(found.map((d) => d.type), ["deposit_booked_as_income"]);
  assert.deepEqual(
    comparePair(pair({ kind: "deposit_liability", postedTo: "liability" }, { kind: "deposit_liability" })),
    [],
  );
});
