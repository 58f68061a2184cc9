import assert from "node:assert/strict";
import fc from "fast-check";
import {
  batchItemId,
  batchRequestId,
  MAX_BATCH_REQUEST_ID_LENGTH,
  MAX_BID_LENGTH,
  syncRequestId,
} from "../../../domain/sync/request_id.ts";

const parts = {
  entityType: "Invoice",
  recordId: "c1",
  version: 3,
  operation: "update",
  fingerprint: "fnv1a64:00",
};

Deno.test("syncRequestId: deterministic, and different when any part changes", () => {
  assert.equal(syncRequestId(parts), syncRequestId({ ...parts }));
  const variants = [
    { ...parts, recordId: "c2" },
    { ...parts, version: 4 },
    { ...parts, operation: "delete" },
    { ...parts, fingerprint: "fnv1a64:01" },
    { ...parts, syncToken: "7" },
    { ...parts, entityType: "Bill" },
  ].map(syncRequestId);
  assert.equal(new Set([syncRequestId(parts), ...variants]).size, 7);
});

Deno.test("syncRequestId: fits the batch limit whatever the ids (property)", () => {
  fc.assert(fc.property(fc.string(), fc.string(), fc.nat(), (entityType, recordId, version) => {
    const id = syncRequestId({ ...parts, entityType, recordId, version });
    assert.ok(id.length <= MAX_BATCH_REQUEST_ID_LENGTH);
    assert.match(id, /^[a-z]-[0-9a-f]{32}$/);
  }));
});

Deno.test("syncRequestId: field boundaries cannot be shifted to forge the same id", () => {
  assert.notEqual(
    syncRequestId({ ...parts, entityType: "Invoice", recordId: "1|2" }),
    syncRequestId({ ...parts, entityType: "Invoice|1", recordId: "2" }),
  );
});

Deno.test("batchRequestId and batchItemId: within QBO's limits", () => {
  assert.ok(batchRequestId(["c-1", "u-2"]).length <= MAX_BATCH_REQUEST_ID_LENGTH);
  assert.notEqual(batchRequestId(["c-1", "u-2"]), batchRequestId(["u-2", "c-1"]));
  assert.ok(batchItemId(29).length <= MAX_BID_LENGTH);
});
