import assert from "node:assert/strict";
import type { WriteResult } from "../../../domain/ports/quickbooks_gateway.ts";
import { applyBatchOutcome, recordVersionOf } from "../../../domain/sync/apply_batch_outcome.ts";
import { startPush } from "../../../domain/sync/push_state.ts";
import { planSync } from "../../../domain/sync/sync_plan.ts";
import type { DesiredRecord, SyncLink } from "../../../domain/sync/sync_record.ts";

const customer = (id: string, name: string, version: number | string = 1): DesiredRecord => ({
  recordId: id,
  entityType: "Customer",
  version,
  payload: { DisplayName: name },
});
const fault = (key: string, errorCode: "QB004" | "QB005" | "QB007", qboCode: string): WriteResult => ({
  key,
  ok: false,
  errorCode,
  qboCode,
  message: `fault ${qboCode}`,
  detail: null,
  element: null,
});

Deno.test("applyBatchOutcome: a confirmed create stores QBO's id and token, projected base, version; tally and calls count", () => {
  const [batch] = planSync([customer("t1", "Jane"), customer("t2", "Ann", "v-x")], []).batches;
  const before = startPush([]);
  const applied = applyBatchOutcome({
    state: before,
    batch,
    outcome: {
      calls: 1,
      results: [
        { key: "b0", ok: true, object: { Id: "58", SyncToken: "0", DisplayName: "Jane", Balance: 0 } },
        { key: "b1", ok: true, object: { Id: "59", SyncToken: "0", DisplayName: "Ann" } },
      ],
    },
  });
  assert.deepEqual(applied.linkWrites.map((l) => [l.recordId, l.qboId, l.syncToken, l.recordVersion]), [
    ["t1", "58", "0", 1],
    ["t2", "59", "0", null],
  ]);
  assert.deepEqual(
    applied.linkWrites[0].baseSnapshot,
    { DisplayName: "Jane" },
    "QBO's extra fields are not our base",
  );
  assert.equal(applied.linkWrites[0].fingerprint, batch.items[0].operation.fingerprint);
  assert.deepEqual(applied.state.tally, {
    writes: 2,
    created: 2,
    updated: 0,
    removed: 0,
    adopted: 0,
    writeCalls: 1,
  });
  assert.deepEqual([...applied.state.confirmed.keys()], ["Customer/t1", "Customer/t2"]);
  assert.deepEqual([...applied.state.answered], ["Customer/t1", "Customer/t2"]);
  assert.deepEqual(applied.answers.map((a) => a.ok && a.qboId), ["58", "59"]);
  assert.deepEqual(applied.stale, []);
  assert.equal(applied.state.links.length, 2);
  assert.equal(
    planSync([customer("t1", "Jane"), customer("t2", "Ann", "v-x")], applied.state.links).writes.length,
    0,
  );
  assert.deepEqual(before, startPush([]), "the input state is not modified");
});

Deno.test("applyBatchOutcome: QB005 is left for the next round; other refusals and missing answers are kept, not linked", () => {
  const [batch] = planSync([customer("t1", "Jane"), customer("t2", "Ann"), customer("t3", "Bo")], []).batches;
  const applied = applyBatchOutcome({
    state: startPush([]),
    batch,
    outcome: { calls: 1, results: [fault("b0", "QB005", "5010"), fault("b1", "QB004", "6240")] },
  });
  assert.deepEqual(applied.stale.map((op) => op.recordId), ["t1"]);
  assert.deepEqual(applied.linkWrites, []);
  assert.deepEqual([...applied.state.refused.values()], [
    {
      entityType: "Customer",
      recordId: "t2",
      qboId: null,
      code: "QB004",
      qboCode: "6240",
      message: "fault 6240",
    },
    {
      entityType: "Customer",
      recordId: "t3",
      qboId: null,
      code: "QB007",
      qboCode: "",
      message: "no result for the item",
    },
  ]);
  assert.deepEqual(
    [...applied.state.answered],
    ["Customer/t2", "Customer/t3"],
    "a stale write is not answered",
  );
  assert.deepEqual(applied.answers.map((a) => [a.operation.recordId, a.ok]), [["t2", false], ["t3", false]]);
  assert.deepEqual(applied.state.tally, {
    writes: 0,
    created: 0,
    updated: 0,
    removed: 0,
    adopted: 0,
    writeCalls: 1,
  });
});

Deno.test("applyBatchOutcome: updates and removals count by kind, a void keeps the base QBO last held", () => {
  const link = (id: string, name: string): SyncLink => ({
    recordId: id,
    entityType: "Customer",
    qboId: `q${id}`,
    syncToken: "3",
    fingerprint: "old",
    baseSnapshot: { DisplayName: name },
    state: "active",
  });
  const invoiceLink: SyncLink = {
    ...link("c1", "x"),
    entityType: "Invoice",
    baseSnapshot: { TxnDate: "2026-05-01" },
  };
  const plan = planSync([
    customer("t1", "Jane Doe"),
    {
      recordId: "c1",
      entityType: "Invoice",
      version: 2,
      state: "voided",
      payload: { TxnDate: "2026-05-01" },
    },
  ], [link("t1", "Jane"), invoiceLink]);
  const start = startPush([link("t1", "Jane"), invoiceLink]);
  let state = start;
  for (const batch of plan.batches) {
    state = applyBatchOutcome({
      state,
      batch,
      outcome: {
        calls: 1,
        results: batch.items.map((i) => ({
          key: i.bId,
          ok: true,
          object: { Id: i.operation.qboId, SyncToken: "4" },
        })),
      },
    }).state;
  }
  assert.deepEqual(state.tally, { writes: 2, created: 0, updated: 1, removed: 1, adopted: 0, writeCalls: 2 });
  const voided = state.links.find((l) => l.entityType === "Invoice")!;
  assert.deepEqual([voided.state, voided.syncToken, voided.baseSnapshot], ["voided", "4", {
    TxnDate: "2026-05-01",
  }]);
  assert.equal(start.links[0].syncToken, "3", "the input links are not modified");
});

Deno.test("applyBatchOutcome: a sparse update's base takes QBO's answer only for what it sent (and the rename Active brings)", () => {
  const base = { DisplayName: "Jane", PrimaryEmailAddr: { Address: "jane@old.example" }, FamilyName: "Doe" };
  const link: SyncLink = {
    recordId: "t1",
    entityType: "Customer",
    qboId: "58",
    syncToken: "3",
    fingerprint: "f",
    baseSnapshot: base,
    state: "active",
  };
  const desired = { ...customer("t1", "Jane", 2), payload: { ...base, FamilyName: "Okafor" } };
  const [batch] = planSync([desired], [link]).batches;
  assert.deepEqual(batch.items[0].operation.body, { FamilyName: "Okafor" });
  // QBO's answer also holds an e-mail someone changed in QBO since, which no pull has read yet.
  const answer = {
    Id: "58",
    SyncToken: "4",
    ...base,
    FamilyName: "Okafor",
    PrimaryEmailAddr: { Address: "qbo@x.example" },
  };
  const applied = applyBatchOutcome({
    state: startPush([link]),
    batch,
    outcome: { calls: 1, results: [{ key: "b0", ok: true, object: answer }] },
  });
  assert.deepEqual(
    applied.linkWrites[0].baseSnapshot,
    { ...base, FamilyName: "Okafor" },
    "the QBO edit stays QBO's, for the pull to bring back",
  );

  const [off] = planSync([{ ...desired, state: "deleted" }], [link]).batches;
  const deactivated = applyBatchOutcome({
    state: startPush([link]),
    batch: off,
    outcome: {
      calls: 1,
      results: [{ key: "b0", ok: true, object: { ...answer, Active: false, DisplayName: "Jane (deleted)" } }],
    },
  });
  assert.deepEqual(deactivated.linkWrites[0].baseSnapshot, {
    ...base,
    DisplayName: "Jane (deleted)",
    Active: false,
  });
});

Deno.test("recordVersionOf: numeric versions only", () => {
  assert.equal(recordVersionOf({ version: 7 }), 7);
  assert.equal(recordVersionOf({ version: "2026-03" }), null);
});
