import assert from "node:assert/strict";
import fc from "fast-check";
import { reconcileLedgers } from "../../../domain/reconciliation/reconcile_ledgers.ts";
import type { LedgerRecord } from "../../../domain/reconciliation/ledger_record.ts";
import { ecRecord, ledgerArb, mirror } from "./ledger_fixtures.ts";
import { isDomainError } from "../../../domain/errors.ts";

const recordLevel = (types: Record<string, number>) =>
  Object.keys(types).filter((t) => t !== "balance_mismatch").sort();

Deno.test("reconcileLedgers: an amount edited in QBO is an amount_mismatch with the difference at stake", () => {
  const { estatecore, quickbooks } = mirror([ecRecord(), ecRecord({ id: "e2", date: "2026-06-01" })]);
  quickbooks[0] = { ...quickbooks[0], amountCents: 140_000 };
  const report = reconcileLedgers(estatecore, quickbooks);
  const [amount] = report.discrepancies.filter((d) => d.type === "amount_mismatch");
  assert.deepEqual(
    [
      amount.estatecoreId,
      amount.quickbooksId,
      amount.estatecoreValue,
      amount.quickbooksValue,
      amount.amountAtStakeCents,
    ],
    ["e1", "q1", 150_000, 140_000, 10_000],
  );
  assert.equal(amount.description, "invoice e1 is 1500 in EstateCore but 1400 in QuickBooks (q1)");
  assert.deepEqual(
    report.discrepancies.filter((d) => d.type === "balance_mismatch").map((
      d,
    ) => [d.balance, d.estatecoreId, d.amountAtStakeCents]),
    [["tenant_receivable", "t-jane", 10_000], ["property_income", "p-maple", 10_000]],
  );
  assert.equal(report.score.byCount, 50);
  assert.equal(report.score.byAmount, 50);
});

Deno.test("reconcileLedgers: an unlinked QBO record finds its probable match, preferring the same doc number", () => {
  const estatecore = [
    ecRecord({ id: "e1", date: "2026-05-01", docNumber: "1001" }),
    ecRecord({ id: "e2", date: "2026-05-03", docNumber: "1002" }),
  ];
  const quickbooks: LedgerRecord[] = [
    { ...ecRecord({ id: "q9", date: "2026-05-01", docNumber: "1002" }), side: "quickbooks" },
  ];
  const report = reconcileLedgers(estatecore, quickbooks, { dateWindowDays: 3 });
  const unknown = report.discrepancies.filter((d) => d.type === "unknown_in_quickbooks");
  assert.deepEqual(unknown.map((d) => [d.quickbooksId, d.relatedId, d.action, d.autoResolvable]), [
    ["q9", "e2", "relink", false],
  ]);
  const missing = report.discrepancies.filter((d) => d.type === "missing_in_quickbooks");
  assert.deepEqual(missing.map((d) => [d.estatecoreId, d.action, d.autoResolvable, d.amountAtStakeCents]), [
    ["e1", "push_missing", true, 150_000],
  ]);
});

Deno.test("reconcileLedgers: outside the date window there is no probable match", () => {
  const report = reconcileLedgers([ecRecord({ date: "2026-05-01" })], [
    { ...ecRecord({ id: "q1", date: "2026-05-09" }), side: "quickbooks" },
  ], { dateWindowDays: 7 });
  const unknown = report.discrepancies.find((d) => d.type === "unknown_in_quickbooks");
  assert.equal(unknown?.relatedId, undefined);
  assert.equal(unknown?.action, "review");
});

Deno.test("reconcileLedgers: a re-entered copy of a synced invoice is a duplicate whose void needs confirmation", () => {
  const { estatecore, quickbooks } = mirror([ecRecord({ docNumber: "1001" })]);
  const report = reconcileLedgers(estatecore, [...quickbooks, { ...quickbooks[0], id: "q77" }]);
  const [dup] = report.discrepancies.filter((d) => d.type === "duplicate_in_quickbooks");
  assert.deepEqual(
    [
      dup.quickbooksId,
      dup.relatedId,
      dup.action,
      dup.requiresConfirmation,
      dup.autoResolvable,
      dup.amountAtStakeCents,
    ],
    ["q77", "q1", "void_duplicate", true, false, 150_000],
  );
});

Deno.test("reconcileLedgers: two QBO objects claiming the same EstateCore record: the second is a duplicate", () => {
  const e = ecRecord();
  const q1: LedgerRecord = { ...e, side: "quickbooks", id: "q1", linkedId: "e1" };
  const q2: LedgerRecord = { ...e, side: "quickbooks", id: "q2", linkedId: "e1", date: "2026-05-02" };
  const report = reconcileLedgers([e], [q1, q2]);
  assert.deepEqual(recordLevel(report.countsByType), ["duplicate_in_quickbooks"]);
  assert.equal(report.discrepancies[0].relatedId, "q1");
});

Deno.test("reconcileLedgers: a security deposit booked to income in QBO is reported, with the balances it distorts", () => {
  const deposit = ecRecord({ kind: "deposit_liability", amountCents: 200_000 });
  const { estatecore, quickbooks } = mirror([deposit]);
  quickbooks[0] = { ...quickbooks[0], postedTo: "income" };
  const report = reconcileLedgers(estatecore, quickbooks);
  const [d] = report.discrepancies.filter((x) => x.type === "deposit_booked_as_income");
  assert.deepEqual([d.amountAtStakeCents, d.action, d.estatecoreValue, d.quickbooksValue], [
    200_000,
    "review",
    "liability",
    "income",
  ]);
  assert.deepEqual(
    report.discrepancies.filter((x) => x.type === "balance_mismatch").map((
      x,
    ) => [x.balance, x.estatecoreValue, x.quickbooksValue]),
    [["property_deposit_liability", 200_000, 0], ["property_income", 0, 200_000]],
  );
});

Deno.test("reconcileLedgers: status mismatches: voided in QBO needs review, voided in EstateCore voids QBO", () => {
  const { estatecore, quickbooks } = mirror([
    ecRecord(),
    ecRecord({ id: "e2", kind: "payment", amountCents: 90_000 }),
  ]);
  quickbooks[0] = { ...quickbooks[0], status: "voided", amountCents: 0 };
  estatecore[1] = { ...estatecore[1], status: "voided" };
  const report = reconcileLedgers(estatecore, quickbooks);
  const status = report.discrepancies.filter((d) => d.type === "status_mismatch");
  assert.deepEqual(
    status.map((d) => [d.estatecoreId, d.estatecoreValue, d.quickbooksValue, d.action, d.amountAtStakeCents]),
    [
      ["e1", "active", "voided", "review", 150_000],
      ["e2", "voided", "active", "update_quickbooks", 90_000],
    ],
  );
  assert.equal(report.discrepancies.some((d) => d.type === "amount_mismatch"), false);
});

Deno.test("reconcileLedgers: a link to a QBO object that no longer exists needs review, not a blind re-push", () => {
  const report = reconcileLedgers([ecRecord({ linkedId: "q404" })], []);
  const [d] = report.discrepancies;
  assert.deepEqual([d.type, d.action, d.autoResolvable, d.quickbooksId], [
    "missing_in_quickbooks",
    "review",
    false,
    "q404",
  ]);
});

Deno.test("reconcileLedgers: date and customer differences on a linked pair", () => {
  const { estatecore, quickbooks } = mirror([ecRecord()]);
  quickbooks[0] = { ...quickbooks[0], date: "2026-05-02", customerId: "t-omar" };
  const report = reconcileLedgers(estatecore, quickbooks);
  assert.deepEqual(
    report.discrepancies.filter((d) => d.type !== "balance_mismatch").map((
      d,
    ) => [d.type, d.action, d.autoResolvable]),
    [["date_mismatch", "update_quickbooks", true], ["customer_mismatch", "update_quickbooks", false]],
  );
});

Deno.test("reconcileLedgers: empty ledgers score 100 and bad options or sides are rejected", () => {
  assert.equal(reconcileLedgers([], []).score.byCount, 100);
  const invalid = (e: unknown) => isDomainError(e) && e.code === "VALIDATION_FAILED";
  assert.throws(() => reconcileLedgers([], [], { dateWindowDays: -1 }), invalid);
  assert.throws(() => reconcileLedgers([{ ...ecRecord(), side: "quickbooks" }], []), invalid);
});

Deno.test("reconcileLedgers: a ledger against its own mirror has no discrepancy and scores 100% (property)", () => {
  fc.assert(fc.property(ledgerArb, fc.boolean(), (records, linkFromQuickbooks) => {
    let { estatecore, quickbooks } = mirror(records);
    if (linkFromQuickbooks) {
      estatecore = estatecore.map((r) => ({ ...r, linkedId: undefined }));
      quickbooks = quickbooks.map((r) => ({ ...r, linkedId: `e${r.id.slice(1)}` }));
    }
    const report = reconcileLedgers(estatecore, quickbooks);
    assert.deepEqual(report.discrepancies, []);
    assert.equal(report.score.byCount, 100);
    assert.equal(report.score.byAmount, 100);
    assert.equal(report.matchedCount, records.length);
  }));
});

type Plant =
  | "amount_mismatch"
  | "date_mismatch"
  | "customer_mismatch"
  | "status_mismatch"
  | "missing_in_quickbooks"
  | "unknown_in_quickbooks"
  | "duplicate_in_quickbooks"
  | "deposit_booked_as_income";

Deno.test("reconcileLedgers: each planted discrepancy is found with the right type and amount (property)", () => {
  const plantArb = fc.constantFrom<Plant>(
    "amount_mismatch",
    "date_mismatch",
    "customer_mismatch",
    "status_mismatch",
    "missing_in_quickbooks",
    "unknown_in_quickbooks",
    "duplicate_in_quickbooks",
    "deposit_booked_as_income",
  );
  fc.assert(
    fc.property(
      ledgerArb,
      plantArb,
      fc.nat(),
      fc.integer({ min: 1, max: 9_999 }),
      (records, plant, pick, delta) => {
        const active = records.filter((r) => r.status === "active");
        fc.pre(active.length > 0);
        const target = active[pick % active.length];
        const i = records.indexOf(target);
        const { estatecore, quickbooks } = mirror(records);
        let expectedStake = Math.abs(target.amountCents);
        switch (plant) {
          case "amount_mismatch":
            quickbooks[i] = { ...quickbooks[i], amountCents: target.amountCents + delta };
            expectedStake = delta;
            break;
          case "date_mismatch":
            quickbooks[i] = { ...quickbooks[i], date: "2027-01-01" };
            break;
          case "customer_mismatch":
            quickbooks[i] = { ...quickbooks[i], customerId: "t-other" };
            break;
          case "status_mismatch":
            quickbooks[i] = { ...quickbooks[i], status: "voided" };
            break;
          case "missing_in_quickbooks":
            quickbooks.splice(i, 1);
            estatecore[i] = { ...estatecore[i], linkedId: undefined };
            break;
          case "unknown_in_quickbooks":
            quickbooks.push({
              ...quickbooks[i],
              id: "q-stranger",
              customerId: "t-stranger",
              amountCents: delta,
            });
            expectedStake = delta;
            break;
          case "duplicate_in_quickbooks":
            quickbooks.push({ ...quickbooks[i], id: "q-copy" });
            break;
          case "deposit_booked_as_income":
            estatecore[i] = { ...estatecore[i], kind: "deposit_liability" };
            quickbooks[i] = { ...quickbooks[i], kind: "deposit_liability", postedTo: "income" };
            break;
        }
        const report = reconcileLedgers(estatecore, quickbooks);
        assert.deepEqual(recordLevel(report.countsByType), [plant]);
        const found = report.discrepancies.filter((d) => d.type === plant);
        assert.equal(found.length, 1);
        assert.equal(found[0].amountAtStakeCents, expectedStake);
        assert.ok(report.score.byCount < 100);
      },
    ),
    { numRuns: 300 },
  );
});
