import assert from "node:assert/strict";
import { sparseChanges } from "../../../domain/sync/sparse_changes.ts";

Deno.test("sparseChanges: only changed top-level fields, nested objects and arrays sent whole", () => {
  const base = { DisplayName: "Jane", BillAddr: { Line1: "1 Main", City: "Austin" }, Line: [{ Amount: 1 }] };
  assert.deepEqual(
    sparseChanges(base, {
      DisplayName: "Jane",
      BillAddr: { City: "Austin", Line1: "2 Main" },
      Line: [{ Amount: 1 }],
    }),
    { BillAddr: { City: "Austin", Line1: "2 Main" } },
  );
});

Deno.test("sparseChanges: key order does not count as a change; removed and undefined fields are not sent", () => {
  const base = { BillAddr: { Line1: "1 Main", City: "Austin" }, Notes: "x" };
  assert.deepEqual(
    sparseChanges(base, { BillAddr: { City: "Austin", Line1: "1 Main" }, Extra: undefined }),
    {},
  );
  assert.deepEqual(sparseChanges({}, { Notes: null }), { Notes: null });
});
