import assert from "node:assert/strict";
import { DesiredRecordSchema, syncKey, SyncLinkSchema } from "../../../domain/sync/sync_record.ts";

Deno.test("syncKey: entity type and record id, so the same id in two entity types never collides", () => {
  assert.equal(syncKey("Invoice", "c1"), "Invoice/c1");
  assert.notEqual(syncKey("Invoice", "c1"), syncKey("Payment", "c1"));
});

Deno.test("DesiredRecordSchema: state defaults to active; unknown entity types are rejected", () => {
  const parsed = DesiredRecordSchema.parse({
    recordId: "t1",
    entityType: "Customer",
    version: 1,
    payload: {},
  });
  assert.equal(parsed.state, "active");
  assert.equal(
    DesiredRecordSchema.safeParse({ recordId: "t1", entityType: "Spaceship", version: 1, payload: {} })
      .success,
    false,
  );
});

Deno.test("SyncLinkSchema: a link needs the QBO id", () => {
  const link = {
    recordId: "t1",
    entityType: "Customer",
    qboId: "58",
    syncToken: "0",
    fingerprint: "fnv1a64:00",
    baseSnapshot: {},
    state: "active",
  };
  assert.equal(SyncLinkSchema.safeParse(link).success, true);
  assert.equal(SyncLinkSchema.safeParse({ ...link, qboId: "" }).success, false);
});
