import assert from "node:assert/strict";
import fc from "fast-check";
import {
  batchCallRequestId,
  batchItemId,
  batchRequestId,
  isBatchRequestId,
  keyedRequestId,
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

Deno.test("batchRequestId: a valid QBO batch requestid whatever its operations (property)", () => {
  fc.assert(fc.property(fc.array(fc.string(), { maxLength: 30 }), (operationIds) => {
    const id = batchRequestId(operationIds);
    assert.match(id, /^b-[0-9a-f]{32}$/);
    assert.ok(isBatchRequestId(id));
  }));
});

Deno.test("keyedRequestId: deterministic, distinct per key, valid for QBO whatever the key's length (property)", () => {
  const long = `reconcile-void:${"0b9e2c4e-8f31-4a57-9d2b-6f1e0c7a3d55"}`;
  assert.equal(keyedRequestId(long), keyedRequestId(long));
  assert.notEqual(keyedRequestId(long), keyedRequestId(`${long}x`));
  fc.assert(fc.property(fc.string({ maxLength: 500 }), (key) => {
    assert.match(keyedRequestId(key), /^k-[0-9a-f]{32}$/);
  }));
});

Deno.test("batchCallRequestId: the first call keeps the id, later calls get distinct valid ids", () => {
  const id = batchRequestId(["c-1", "u-2"]);
  assert.equal(batchCallRequestId(id, 0), id);
  const later = [1, 2, 3].map((index) => batchCallRequestId(id, index));
  assert.equal(new Set([id, ...later]).size, 4);
  assert.deepEqual(later, [1, 2, 3].map((index) => batchCallRequestId(id, index)));
  assert.ok(later.every(isBatchRequestId));
});

Deno.test("isBatchRequestId: 1 to 36 characters without whitespace", () => {
  assert.ok(isBatchRequestId("job-7"));
  assert.ok(isBatchRequestId("x".repeat(MAX_BATCH_REQUEST_ID_LENGTH)));
  assert.ok(!isBatchRequestId(""));
  assert.ok(!isBatchRequestId("x".repeat(MAX_BATCH_REQUEST_ID_LENGTH + 1)));
  assert.ok(!isBatchRequestId("job 7"));
  assert.ok(!isBatchRequestId("job-7\n"));
});
