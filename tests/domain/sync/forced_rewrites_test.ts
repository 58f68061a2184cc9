import assert from "node:assert/strict";
import { stillForced, withForcedRewrites } from "../../../domain/sync/forced_rewrites.ts";
import { planSync } from "../../../domain/sync/sync_plan.ts";
import type { SyncLink } from "../../../domain/sync/sync_record.ts";
import { fingerprint } from "../../../domain/sync/fingerprint.ts";

const payload = { DisplayName: "Jane" };
const link: SyncLink = {
  recordId: "t1",
  entityType: "Customer",
  qboId: "58",
  syncToken: "2",
  fingerprint: fingerprint(payload),
  baseSnapshot: payload,
  state: "active",
};
const jane = { recordId: "t1", entityType: "Customer" as const, version: 1, payload };

Deno.test("withForcedRewrites: a forced record is planned as a full update although unchanged", () => {
  assert.equal(planSync([jane], [link]).writes.length, 0);
  const forced = withForcedRewrites([link], new Set(["Customer/t1"]));
  const [op] = planSync([jane], forced).writes;
  assert.deepEqual([op.kind, op.body, op.qboId, op.syncToken], ["update", payload, "58", "2"]);
  assert.deepEqual(link.baseSnapshot, payload, "the links given are not modified");
  const none = [link];
  assert.equal(withForcedRewrites(none, new Set()), none);
  assert.deepEqual(withForcedRewrites([link], new Set(["Customer/other"])), [link]);
});

Deno.test("stillForced: only forced writes planned and not answered stay forced", () => {
  const forced = new Set(["Customer/t1", "Customer/t2", "Customer/t3"]);
  const planned = [
    { entityType: "Customer", recordId: "t1" },
    { entityType: "Customer", recordId: "t2" },
    { entityType: "Customer", recordId: "t4" },
  ];
  assert.deepEqual(stillForced(forced, planned, new Set(["Customer/t2"])), new Set(["Customer/t1"]));
  assert.equal(forced.size, 3);
  assert.deepEqual(stillForced(new Set(), planned, new Set()), new Set());
});
