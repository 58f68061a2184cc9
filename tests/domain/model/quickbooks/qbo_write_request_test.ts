import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../../../../domain/errors.ts";
import {
  qboWritePayload,
  type QboWriteRequest,
  qboWriteRequestId,
} from "../../../../domain/model/quickbooks/qbo_write_request.ts";
import { MAX_REQUEST_ID_LENGTH } from "../../../../domain/sync/request_id.ts";

function refusedAt(write: QboWriteRequest): string {
  try {
    qboWritePayload(write);
  } catch (error) {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, "VALIDATION_FAILED");
    return (error.details as { issues: { path: string }[] }).issues[0].path;
  }
  assert.fail(`accepted ${JSON.stringify(write)}`);
}

Deno.test("qboWritePayload: a create as given; an update always sparse, with the path's Id; delete and void Id and SyncToken", () => {
  assert.deepEqual(
    qboWritePayload({ operation: "create", entity: "Customer", body: { DisplayName: "Ann" } }),
    { DisplayName: "Ann" },
  );
  assert.deepEqual(
    qboWritePayload({
      operation: "update",
      entity: "Customer",
      id: "58",
      body: { SyncToken: 3, Notes: "VIP" },
    }),
    { Notes: "VIP", Id: "58", SyncToken: "3", sparse: true },
  );
  assert.deepEqual(
    qboWritePayload({
      operation: "update",
      entity: "Customer",
      id: "58",
      body: { Id: "58", SyncToken: "0", sparse: true },
    }),
    { Id: "58", SyncToken: "0", sparse: true },
  );
  assert.deepEqual(qboWritePayload({ operation: "delete", entity: "Invoice", id: "130", syncToken: "2" }), {
    Id: "130",
    SyncToken: "2",
  });
  assert.deepEqual(qboWritePayload({ operation: "void", entity: "Payment", id: "131", syncToken: "0" }), {
    Id: "131",
    SyncToken: "0",
  });
});

Deno.test("qboWritePayload: refuses a create with an Id or SyncToken, an update without its SyncToken, another Id or a full update", () => {
  assert.equal(
    refusedAt({ operation: "create", entity: "Customer", body: { Id: "1", DisplayName: "Ann" } }),
    "json.Id",
  );
  assert.equal(
    refusedAt({ operation: "create", entity: "Customer", body: { SyncToken: "0" } }),
    "json.SyncToken",
  );
  assert.equal(
    refusedAt({ operation: "update", entity: "Customer", id: "58", body: { Notes: "x" } }),
    "json.SyncToken",
  );
  assert.equal(
    refusedAt({ operation: "update", entity: "Customer", id: "58", body: { SyncToken: "zero" } }),
    "json.SyncToken",
  );
  assert.equal(
    refusedAt({ operation: "update", entity: "Customer", id: "58", body: { SyncToken: 1.5 } }),
    "json.SyncToken",
  );
  assert.equal(
    refusedAt({ operation: "update", entity: "Customer", id: "58", body: { SyncToken: "1", Id: "59" } }),
    "json.Id",
  );
  assert.equal(
    refusedAt({ operation: "update", entity: "Customer", id: "58", body: { SyncToken: "1", sparse: false } }),
    "json.sparse",
  );
});

Deno.test("qboWriteRequestId: the same request id and write give the same requestid; anything else another", () => {
  const scope = { orgId: "org-1", realmId: "9341452000000001", requestId: "req-1" };
  const write: QboWriteRequest = {
    operation: "update",
    entity: "Customer",
    id: "58",
    body: { SyncToken: "1", Notes: "a" },
  };
  const id = qboWriteRequestId(scope, write);
  assert.ok(id.length <= MAX_REQUEST_ID_LENGTH && !/\s/.test(id));
  assert.equal(
    qboWriteRequestId(scope, { ...write, body: { Notes: "a", SyncToken: "1" } }),
    id,
    "key order is no change",
  );
  const others = [
    qboWriteRequestId({ ...scope, requestId: "req-2" }, write),
    qboWriteRequestId({ ...scope, realmId: "9341452000000002" }, write),
    qboWriteRequestId({ ...scope, orgId: "org-2" }, write),
    qboWriteRequestId(scope, { ...write, id: "59" }),
    qboWriteRequestId(scope, { ...write, entity: "Vendor" }),
    qboWriteRequestId(scope, { ...write, body: { SyncToken: "2", Notes: "a" } }),
    qboWriteRequestId(scope, { operation: "void", entity: "Invoice", id: "58", syncToken: "1" }),
    qboWriteRequestId(scope, { operation: "delete", entity: "Invoice", id: "58", syncToken: "1" }),
  ];
  assert.equal(new Set([id, ...others]).size, others.length + 1);
});

Deno.test("qboWriteRequestId: distinct request ids never share a requestid (no ambiguous joins)", () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (a, b) => {
      fc.pre(a !== b);
      const write: QboWriteRequest = { operation: "create", entity: "Customer", body: { DisplayName: "x" } };
      const scope = { orgId: "o", realmId: "1" };
      assert.notEqual(
        qboWriteRequestId({ ...scope, requestId: a }, write),
        qboWriteRequestId({ ...scope, requestId: b }, write),
      );
    }),
  );
});
