import assert from "node:assert/strict";
import { planSync } from "../../../domain/sync/sync_plan.ts";
import type { SyncLink } from "../../../domain/sync/sync_record.ts";
import { writeItemsOf } from "../../../domain/sync/write_items.ts";

const linked = (recordId: string, entityType: SyncLink["entityType"]): SyncLink => ({
  recordId,
  entityType,
  qboId: `q-${recordId}`,
  syncToken: "3",
  fingerprint: "old",
  baseSnapshot: { DisplayName: "Jane", PrimaryPhone: { FreeFormNumber: "1" } },
  state: "active",
});

Deno.test("writeItemsOf: each operation under the bId the planner gave it; updates sparse, removals by id only", () => {
  const plan = planSync([
    { recordId: "t1", entityType: "Customer", version: 2, payload: { DisplayName: "Jane Doe" } },
    { recordId: "t2", entityType: "Customer", version: 1, payload: { DisplayName: "Ann" } },
    { recordId: "p1", entityType: "Payment", version: 2, state: "deleted", payload: {} },
    { recordId: "c1", entityType: "Invoice", version: 2, state: "voided", payload: {} },
  ], [linked("t1", "Customer"), linked("p1", "Payment"), linked("c1", "Invoice")]);
  const items = plan.batches.flatMap(writeItemsOf);
  const keys = plan.batches.flatMap((b) => b.items.map((i) => i.bId));
  assert.deepEqual(items.map((i) => i.key), keys, "the planner's bIds, not new ones");
  const byEntity = (name: string, operation: string) =>
    items.find((i) => i.entityName === name && i.operation === operation)?.payload;
  assert.deepEqual(byEntity("Payment", "delete"), { Id: "q-p1", SyncToken: "3" });
  assert.deepEqual(byEntity("Invoice", "void"), { Id: "q-c1", SyncToken: "3" });
  assert.deepEqual(byEntity("Customer", "create"), { DisplayName: "Ann" });
  assert.deepEqual(byEntity("Customer", "update"), {
    DisplayName: "Jane Doe",
    Id: "q-t1",
    SyncToken: "3",
    sparse: true,
  });
});
