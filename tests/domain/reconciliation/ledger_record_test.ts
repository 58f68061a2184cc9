import assert from "node:assert/strict";
import { LedgerRecordSchema } from "../../../domain/reconciliation/ledger_record.ts";
import { ecRecord } from "./ledger_fixtures.ts";

Deno.test("LedgerRecordSchema: accepts a normalized record and rejects fractional cents or bad dates", () => {
  assert.equal(LedgerRecordSchema.safeParse(ecRecord()).success, true);
  assert.equal(LedgerRecordSchema.safeParse({ ...ecRecord(), amountCents: 10.5 }).success, false);
  assert.equal(LedgerRecordSchema.safeParse({ ...ecRecord(), date: "2026-02-30" }).success, false);
  assert.equal(LedgerRecordSchema.safeParse({ ...ecRecord(), kind: "gift" }).success, false);
});
