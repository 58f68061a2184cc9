import assert from "node:assert/strict";
import fc from "fast-check";
import {
  mergeThreeWay,
  type ThreeWayMergeResult,
} from "../../../../domain/sync/conflicts/three_way_merge.ts";
import { type ConflictPolicy, mirrorPolicy } from "../../../../domain/sync/conflicts/conflict_policy.ts";

const base = {
  DisplayName: "Jane Doe",
  PrimaryEmailAddr: { Address: "jane@old.com" },
  BillAddr: { Line1: "1 Maple Ct", City: "Austin", PostalCode: "78701" },
};

Deno.test("mergeThreeWay: fields changed on one side only merge without conflict, per sub-field", () => {
  const r = mergeThreeWay({
    base,
    estatecore: {
      ...base,
      PrimaryEmailAddr: { Address: "jane@new.com" },
      BillAddr: { ...base.BillAddr, Line1: "4B Maple Ct" },
    },
    quickbooks: { ...base, DisplayName: "Jane Q. Doe", BillAddr: { ...base.BillAddr, PostalCode: "78702" } },
    policy: "manual",
  });
  assert.equal(r.status, "clean");
  assert.deepEqual(r.merged, {
    DisplayName: "Jane Q. Doe",
    PrimaryEmailAddr: { Address: "jane@new.com" },
    BillAddr: { Line1: "4B Maple Ct", City: "Austin", PostalCode: "78702" },
  });
  assert.deepEqual(Object.keys(r.toQuickbooks), ["BillAddr", "PrimaryEmailAddr"]);
  assert.deepEqual(Object.keys(r.toEstatecore), ["BillAddr", "DisplayName"]);
});

Deno.test("mergeThreeWay: the same change on both sides is not a conflict", () => {
  const both = { ...base, DisplayName: "Jane Smith" };
  const r = mergeThreeWay({ base, estatecore: both, quickbooks: both, policy: "manual" });
  assert.equal(r.status, "clean");
  assert.deepEqual(r.toQuickbooks, {});
  assert.deepEqual(r.toEstatecore, {});
});

Deno.test("mergeThreeWay: a field changed differently on both sides follows the policy", () => {
  const estatecore = { ...base, DisplayName: "Jane Smith" };
  const quickbooks = { ...base, DisplayName: "Jane Jones" };
  const run = (policy: ConflictPolicy, ec?: string, qb?: string) =>
    mergeThreeWay({ base, estatecore, quickbooks, policy, estatecoreChangedAt: ec, quickbooksChangedAt: qb });
  assert.equal(run("estatecore_wins").merged.DisplayName, "Jane Smith");
  assert.equal(run("quickbooks_wins").merged.DisplayName, "Jane Jones");
  assert.equal(
    run("timestamp_based", "2026-05-01T10:00:00Z", "2026-05-01T10:00:01Z").merged.DisplayName,
    "Jane Jones",
  );
  assert.equal(
    run("timestamp_based", "2026-05-02T00:00:00Z", "2026-05-01T23:59:59Z").merged.DisplayName,
    "Jane Smith",
  );
  // Equal timestamps: EstateCore, the source of truth, wins.
  assert.equal(
    run("timestamp_based", "2026-05-01T10:00:00Z", "2026-05-01T10:00:00.000Z").merged.DisplayName,
    "Jane Smith",
  );
  const manual = run("manual");
  assert.equal(manual.status, "needs_review");
  assert.equal(manual.merged.DisplayName, "Jane Doe"); // kept at base while under review
  assert.deepEqual(manual.conflicts, [{
    path: "DisplayName",
    reason: "both_changed",
    base: "Jane Doe",
    estatecore: "Jane Smith",
    quickbooks: "Jane Jones",
    resolution: "manual",
  }]);
  assert.equal(run("timestamp_based").status, "needs_review"); // no timestamps: cannot decide
});

const postedBase = {
  CustomerRef: { value: "58" },
  TxnDate: "2026-05-01",
  Line: [{ Amount: 1500, DetailType: "SalesItemLineDetail" }],
  PrivateNote: "May rent",
};

Deno.test("mergeThreeWay: a financial field of a posted transaction edited in QBO is a conflict, not a silent merge", () => {
  const quickbooks = {
    ...postedBase,
    Line: [{ Amount: 1400, DetailType: "SalesItemLineDetail" }],
    PrivateNote: "edited",
  };
  const run = (policy: ConflictPolicy) =>
    mergeThreeWay({
      base: postedBase,
      estatecore: postedBase,
      quickbooks,
      policy,
      postedTransaction: true,
      estatecoreChangedAt: "2026-05-01T00:00:00Z",
      quickbooksChangedAt: "2026-05-03T00:00:00Z",
    });
  for (const policy of ["manual", "timestamp_based"] as const) {
    const r = run(policy);
    assert.equal(r.status, "needs_review");
    assert.deepEqual(r.conflicts.map((c) => [c.path, c.reason, c.resolution]), [[
      "Line",
      "posted_financial_edit",
      "manual",
    ]]);
    assert.equal(r.merged.PrivateNote, "edited"); // non-financial fields still merge
  }
  assert.deepEqual(run("estatecore_wins").toQuickbooks, { Line: postedBase.Line });
  assert.deepEqual(run("quickbooks_wins").toEstatecore, { Line: quickbooks.Line, PrivateNote: "edited" });
  assert.equal(run("quickbooks_wins").status, "resolved");
  // The same edit on an unposted record merges.
  const draft = mergeThreeWay({ base: postedBase, estatecore: postedBase, quickbooks, policy: "manual" });
  assert.equal(draft.status, "clean");
});

Deno.test("mergeThreeWay: removing a field on one side removes it", () => {
  const { PrimaryEmailAddr: _, ...withoutEmail } = base;
  const r = mergeThreeWay({ base, estatecore: withoutEmail, quickbooks: base, policy: "manual" });
  assert.equal("PrimaryEmailAddr" in r.merged, false);
  assert.deepEqual(r.toQuickbooks, { PrimaryEmailAddr: null });
});

const value = fc.oneof(
  fc.constantFrom("a", "b", "c"),
  fc.integer({ min: 0, max: 2 }),
  fc.constant(undefined),
);
const record = fc.record({
  DisplayName: value,
  Notes: value,
  BillAddr: fc.option(fc.record({ Line1: value, City: value }), { nil: undefined }),
});
const instant = fc.integer({ min: 0, max: 5 }).map((n) => new Date(Date.UTC(2026, 0, 1, n)).toISOString());
const clean = <T>(v: T): T => JSON.parse(JSON.stringify(v));

function mirrored(r: ThreeWayMergeResult): unknown {
  return clean({
    merged: r.merged,
    toEstatecore: r.toQuickbooks,
    toQuickbooks: r.toEstatecore,
    status: r.status,
    conflicts: r.conflicts.map((c) => ({
      ...c,
      estatecore: c.quickbooks,
      quickbooks: c.estatecore,
      resolution: c.resolution === "manual"
        ? "manual"
        : c.resolution === "estatecore"
        ? "quickbooks"
        : "estatecore",
    })),
  });
}

Deno.test("mergeThreeWay: swapping sides with the mirrored policy gives the mirrored result (property)", () => {
  fc.assert(
    fc.property(
      record,
      record,
      record,
      fc.constantFrom<ConflictPolicy>("estatecore_wins", "quickbooks_wins", "timestamp_based", "manual"),
      instant,
      instant,
      (b, e, q, policy, te, tq) => {
        fc.pre(te !== tq); // on a tie EstateCore wins by design, which is deliberately not symmetric
        const input = clean({ b, e, q });
        const forward = mergeThreeWay({
          base: input.b,
          estatecore: input.e,
          quickbooks: input.q,
          policy,
          estatecoreChangedAt: te,
          quickbooksChangedAt: tq,
        });
        const backward = mergeThreeWay({
          base: input.b,
          estatecore: input.q,
          quickbooks: input.e,
          policy: mirrorPolicy(policy),
          estatecoreChangedAt: tq,
          quickbooksChangedAt: te,
        });
        assert.deepEqual(mirrored(backward), clean({ ...forward, conflicts: forward.conflicts }));
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("mergeThreeWay: one-sided changes always merge to that side; no change on either side is identity (property)", () => {
  fc.assert(fc.property(record, record, (b, e) => {
    const input = clean({ b, e });
    const r = mergeThreeWay({ base: input.b, estatecore: input.e, quickbooks: input.b, policy: "manual" });
    assert.equal(r.conflicts.length, 0);
    assert.deepEqual(clean(r.merged), clean(input.e));
    const same = mergeThreeWay({ base: input.b, estatecore: input.b, quickbooks: input.b, policy: "manual" });
    assert.deepEqual(clean(same.merged), clean(input.b));
  }));
});

Deno.test("mergeThreeWay: a field whose EstateCore value is unknown is never a silent QBO win", () => {
  const quickbooks = { ...base, DisplayName: "Jane Q. Doe", PrimaryEmailAddr: { Address: "jane@qbo.com" } };
  const input = {
    base,
    // The record cannot be mapped now: only its e-mail is known (edited), its name is not.
    estatecore: { ...base, PrimaryEmailAddr: { Address: "jane@new.com" } },
    quickbooks,
    estatecoreUnknown: ["DisplayName", "BillAddr"],
  };
  const manual = mergeThreeWay({ ...input, policy: "manual" });
  assert.equal(manual.status, "needs_review");
  assert.deepEqual(manual.conflicts.map((c) => [c.path, c.reason, c.resolution]), [
    ["DisplayName", "estatecore_unmapped", "manual"],
    ["PrimaryEmailAddr.Address", "both_changed", "manual"],
  ]);
  assert.equal(manual.conflicts[0].estatecore, undefined);
  assert.deepEqual(manual.merged, base, "fields in review keep the base; BillAddr, unchanged in QBO, stays");
  assert.deepEqual(manual.toEstatecore, {}, "EstateCore is told to take nothing it may have changed");

  assert.equal(mergeThreeWay({ ...input, policy: "timestamp_based" }).status, "needs_review");

  const qbo = mergeThreeWay({ ...input, policy: "quickbooks_wins" });
  assert.equal(qbo.status, "resolved");
  assert.deepEqual(qbo.merged, quickbooks);
  assert.deepEqual(Object.keys(qbo.toEstatecore), ["DisplayName", "PrimaryEmailAddr"]);

  const ec = mergeThreeWay({ ...input, policy: "estatecore_wins" });
  assert.equal(ec.status, "resolved");
  assert.deepEqual(ec.merged, { ...base, PrimaryEmailAddr: { Address: "jane@new.com" } });
  assert.deepEqual(Object.keys(ec.toQuickbooks), ["DisplayName", "PrimaryEmailAddr"], "QBO's edit is undone");
  assert.deepEqual(ec.toEstatecore, {});
});

Deno.test("mergeThreeWay: a sub-field under review keeps each side's own value in what each side takes", () => {
  const r = mergeThreeWay({
    base,
    estatecore: { ...base, BillAddr: { ...base.BillAddr, Line1: "4B Maple Ct" } },
    quickbooks: { ...base, BillAddr: { ...base.BillAddr, Line1: "5C Maple Ct", City: "Round Rock" } },
    policy: "manual",
  });
  assert.deepEqual(r.conflicts.map((c) => c.path), ["BillAddr.Line1"]);
  assert.deepEqual(r.merged.BillAddr, { ...base.BillAddr, City: "Round Rock" });
  // EstateCore takes QBO's city and keeps its own first line; QBO is sent nothing (the city is its own).
  assert.deepEqual(r.toEstatecore, {
    BillAddr: { Line1: "4B Maple Ct", City: "Round Rock", PostalCode: "78701" },
  });
  assert.deepEqual(r.toQuickbooks, {});
});
