import assert from "node:assert/strict";
import { assertMergeResolved } from "../../../../domain/sync/conflicts/merge_conflict_error.ts";
import { mergeThreeWay } from "../../../../domain/sync/conflicts/three_way_merge.ts";
import { DomainError } from "../../../../domain/errors.ts";

const base = { TotalAmt: 1500, PrivateNote: "x" };
const quickbooks = { TotalAmt: 1400, PrivateNote: "x" };

Deno.test("assertMergeResolved: a posted amount edited in QBO under the manual policy is QB005 naming the field", () => {
  const result = mergeThreeWay({
    base,
    estatecore: base,
    quickbooks,
    policy: "manual",
    postedTransaction: true,
  });
  assert.throws(() => assertMergeResolved(result, { recordId: "charge-1" }), (e: unknown) => {
    assert.ok(e instanceof DomainError);
    assert.equal(e.code, "QB005");
    assert.deepEqual(e.details, {
      recordId: "charge-1",
      fields: [{ path: "TotalAmt", reason: "posted_financial_edit" }],
    });
    return true;
  });
});

Deno.test("assertMergeResolved: conflicts settled by an explicit wins policy pass", () => {
  const result = mergeThreeWay({
    base,
    estatecore: base,
    quickbooks,
    policy: "estatecore_wins",
    postedTransaction: true,
  });
  assert.equal(result.status, "resolved");
  assertMergeResolved(result);
  assert.deepEqual(result.toQuickbooks, { TotalAmt: 1500 });
});
