import assert from "node:assert/strict";
import { applySyncResults } from "../../../domain/sync/apply_sync_results.ts";
import { planSync } from "../../../domain/sync/sync_plan.ts";
import type { DesiredRecord } from "../../../domain/sync/sync_record.ts";

const jane: DesiredRecord = {
  recordId: "tenant-jane",
  entityType: "Customer",
  version: 1,
  payload: { DisplayName: "Jane Doe (Maple Ct 4B)" },
};
const invoice: DesiredRecord = {
  recordId: "charge-may",
  entityType: "Invoice",
  version: 1,
  payload: { CustomerRef: { value: "58" }, TxnDate: "2026-05-01", Line: [{ Amount: 1500 }] },
};

Deno.test("applySyncResults: failed writes keep the old link so the next plan retries them", () => {
  const plan = planSync([jane, invoice], []);
  const [first, second] = plan.writes;
  const links = applySyncResults([], plan.writes, [
    { requestId: first.requestId, ok: true, qboId: "58", syncToken: "0" },
    { requestId: second.requestId, ok: false, errorCode: "QB004" },
  ]);
  assert.deepEqual(links.map((l) => [l.recordId, l.qboId]), [["tenant-jane", "58"]]);
  const retry = planSync([jane, invoice], links);
  assert.deepEqual(retry.writes.map((w) => [w.recordId, w.requestId]), [["charge-may", second.requestId]]);
});

Deno.test("applySyncResults: a confirmed update stores the new SyncToken and snapshot; a void marks the link voided", () => {
  const created = planSync([invoice], []);
  const links = applySyncResults([], created.writes, [
    { requestId: created.writes[0].requestId, ok: true, qboId: "130", syncToken: "0" },
  ]);
  const changed = { ...invoice, version: 2, payload: { ...invoice.payload, TxnDate: "2026-05-02" } };
  const update = planSync([changed], links);
  const updated = applySyncResults(links, update.writes, [
    { requestId: update.writes[0].requestId, ok: true, qboId: "130", syncToken: "1" },
  ]);
  assert.deepEqual([updated[0].syncToken, updated[0].baseSnapshot.TxnDate], ["1", "2026-05-02"]);
  const voiding = planSync([{ ...changed, state: "voided" }], updated);
  assert.equal(voiding.writes[0].kind, "void");
  const voided = applySyncResults(updated, voiding.writes, [
    { requestId: voiding.writes[0].requestId, ok: true, qboId: "130", syncToken: "2" },
  ]);
  assert.equal(voided[0].state, "voided");
  assert.deepEqual(planSync([{ ...changed, state: "voided" }], voided).writes, []);
});
