import assert from "node:assert/strict";
import { integrityScore } from "../../../domain/reconciliation/integrity_score.ts";

Deno.test("integrityScore: by count and by amount, two decimals rounded down", () => {
  const s = integrityScore(2, 3, 100_000, 150_000);
  assert.deepEqual([s.byCount, s.byAmount], [66.66, 66.66]);
});

Deno.test("integrityScore: 100 only when clean; empty is clean", () => {
  assert.equal(integrityScore(999_999, 1_000_000, 1, 1).byCount, 99.99);
  assert.deepEqual([integrityScore(0, 0, 0, 0).byCount, integrityScore(0, 0, 0, 0).byAmount], [100, 100]);
  assert.equal(integrityScore(5, 5, 10, 10).byAmount, 100);
});
