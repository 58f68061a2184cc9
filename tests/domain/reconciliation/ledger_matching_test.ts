import assert from "node:assert/strict";
import { matchLedgers } from "../../../domain/reconciliation/ledger_matching.ts";
import type { LedgerRecord } from "../../../domain/reconciliation/ledger_record.ts";
import { ecRecord, mirror } from "./ledger_fixtures.ts";

const qbRecord = (overrides: Partial<LedgerRecord>): LedgerRecord => ({
  ...ecRecord(overrides),
  side: "quickbooks",
});

Deno.test("matchLedgers: links from either side pair records; nothing left over", () => {
  const { estatecore, quickbooks } = mirror([ecRecord({ id: "e1" }), ecRecord({ id: "e2" })]);
  estatecore[1] = { ...estatecore[1], linkedId: undefined };
  quickbooks[1] = { ...quickbooks[1], linkedId: "e2" };
  const m = matchLedgers(estatecore, quickbooks, { dateWindowDays: 3 });
  assert.deepEqual(m.linked.map((p) => [p.estatecore.id, p.quickbooks.id]), [["e1", "q1"], ["e2", "q2"]]);
  assert.deepEqual([m.probable, m.duplicates, m.unknown, m.missing], [[], [], [], []]);
});

Deno.test("matchLedgers: probable matches need the same kind, customer and amount within the window", () => {
  const estatecore = [
    ecRecord({ id: "e1", date: "2026-05-01" }),
    ecRecord({ id: "e2", date: "2026-05-01", kind: "payment" }),
    ecRecord({ id: "e3", date: "2026-05-01", customerId: "t-omar" }),
  ];
  const quickbooks = [
    qbRecord({ id: "q1", date: "2026-05-04" }),
    qbRecord({ id: "q2", date: "2026-05-01", amountCents: 150_001 }),
  ];
  const m = matchLedgers(estatecore, quickbooks, { dateWindowDays: 3 });
  assert.deepEqual(m.probable.map((p) => [p.estatecore.id, p.quickbooks.id, p.dayGap]), [["e1", "q1", 3]]);
  assert.deepEqual(m.unknown.map((r) => r.id), ["q2"]);
  assert.deepEqual(m.missing.map((r) => r.estatecore.id), ["e2", "e3"]);
});

Deno.test("matchLedgers: the closest date wins when no doc number decides; each record matches once", () => {
  const estatecore = [ecRecord({ id: "e1", date: "2026-05-01" }), ecRecord({ id: "e2", date: "2026-05-04" })];
  const quickbooks = [qbRecord({ id: "q1", date: "2026-05-03" }), qbRecord({ id: "q2", date: "2026-05-05" })];
  const m = matchLedgers(estatecore, quickbooks, { dateWindowDays: 5 });
  assert.deepEqual(m.probable.map((p) => [p.quickbooks.id, p.estatecore.id]), [["q1", "e2"], ["q2", "e1"]]);
});

Deno.test("matchLedgers: identical unknown QBO records: the first is unknown, the rest duplicates of it", () => {
  const quickbooks = [qbRecord({ id: "q1" }), qbRecord({ id: "q2" }), qbRecord({ id: "q3" })];
  const m = matchLedgers([], quickbooks, { dateWindowDays: 3 });
  assert.deepEqual(m.unknown.map((r) => r.id), ["q1"]);
  assert.deepEqual(m.duplicates.map((d) => [d.quickbooks.id, d.duplicateOf.id]), [["q2", "q1"], [
    "q3",
    "q1",
  ]]);
});

Deno.test("matchLedgers: voided records are neither unknown nor missing", () => {
  const m = matchLedgers([ecRecord({ status: "voided" })], [qbRecord({ id: "q9", status: "deleted" })], {
    dateWindowDays: 3,
  });
  assert.deepEqual([m.unknown, m.missing, m.probable], [[], [], []]);
});
