import assert from "node:assert/strict";
import {
  SqlPullCursorStore,
  SqlReviewQueue,
  SqlSyncEventLog,
} from "../../../adapters/persistence/repositories/pull_state_repositories.ts";
import { contractSuite } from "../../support/databases.ts";

const T1 = "2026-05-01T12:00:00.000Z";
const T2 = "2026-05-01T13:00:00.000Z";

contractSuite("PullCursorStore contract", async (t, database) => {
  const cursors = new SqlPullCursorStore(database);
  await t.step("get is null until set; set replaces; companies are separate", async () => {
    assert.equal(await cursors.get("org-a", "111"), null);
    await cursors.set("org-a", "111", T1, T1);
    await cursors.set("org-a", "111", T2, T2);
    await cursors.set("org-a", "222", T1, T1);
    assert.equal(await cursors.get("org-a", "111"), T2);
    assert.equal(await cursors.get("org-a", "222"), T1);
    assert.equal(await cursors.get("org-b", "111"), null);
  });
  await t.step("lastPulledAt is when the cursor was last stored, not the cursor itself", async () => {
    assert.equal(await cursors.lastPulledAt("org-c", "111"), null);
    await cursors.set("org-c", "111", T1, T2);
    assert.equal(await cursors.lastPulledAt("org-c", "111"), T2);
    assert.equal(await cursors.get("org-c", "111"), T1);
    assert.equal(await cursors.lastPulledAt("org-c", "222"), null);
  });
});

contractSuite("SyncEventLog contract", async (t, database) => {
  const log = new SqlSyncEventLog(database);
  const event = (orgId: string, qboId: string) => ({
    orgId,
    realmId: "111",
    at: T1,
    event: "quickbooks.voided",
    entityType: "Invoice",
    qboId,
    recordType: "charges",
    recordIds: ["c1", "c2"],
    suggestedAction: "review_charges",
    details: { note: "x" },
    dedupeKey: `voided:${qboId}`,
  });
  await t.step("append numbers events per organization in order; list pages by seq", async () => {
    await log.append([event("org-a", "1"), event("org-b", "9"), event("org-a", "2")]);
    await Promise.all([log.append([event("org-a", "3")]), log.append([event("org-a", "4")])]);
    const a = await log.list("org-a", { limit: 10 });
    assert.deepEqual(a.map((e) => e.seq), [1, 2, 3, 4]);
    assert.deepEqual(a.slice(0, 2).map((e) => e.qboId), ["1", "2"]);
    assert.deepEqual(a[0].recordIds, ["c1", "c2"]);
    assert.deepEqual(a[0].details, { note: "x" });
    assert.deepEqual((await log.list("org-a", { afterSeq: 3, limit: 10 })).map((e) => e.seq), [4]);
    assert.deepEqual((await log.list("org-b", { limit: 10 })).map((e) => e.qboId), ["9"]);
  });
  await t.step("the same fact is logged once, however often it is appended", async () => {
    assert.deepEqual(
      (await log.append([event("org-a", "1"), event("org-a", "5"), event("org-a", "5")])).map((e) =>
        e.dedupeKey
      ),
      [event("org-a", "5").dedupeKey],
      "only the new event comes back",
    );
    assert.equal((await log.append([event("org-a", "5")])).length, 0);
    assert.deepEqual((await log.list("org-a", { afterSeq: 4, limit: 10 })).map((e) => e.qboId), ["5"]);
    assert.equal((await log.append([event("org-b", "1")])).length, 1, "dedupe keys are per organization");
  });
});

contractSuite("ReviewQueue contract", async (t, database) => {
  let n = 0;
  const queue = new SqlReviewQueue(database, { newId: () => `rev-${++n}` });
  const item = (recordId: string, conflicts: Record<string, unknown>[]) => ({
    id: "",
    orgId: "org-a",
    realmId: "111",
    entityType: "Customer",
    recordId,
    qboId: "58",
    conflicts,
    quickbooksSnapshot: { Id: "58", SyncToken: "3" },
    createdAt: T1,
  });
  await t.step("one open item per record: opening again refreshes it", async () => {
    const first = await queue.open(item("t1", [{ path: "DisplayName" }]));
    const again = await queue.open(item("t1", [{ path: "PrimaryEmailAddr" }]));
    assert.equal(again.id, first.id);
    assert.deepEqual([first.opened, again.opened], [true, false], "opened only the first time");
    const open = await queue.list("org-a", { status: "open", limit: 10 });
    assert.equal(open.length, 1);
    assert.deepEqual(open[0].conflicts, [{ path: "PrimaryEmailAddr" }]);
    assert.deepEqual(await queue.list("org-b", { limit: 10 }), []);
  });
  await t.step("resolve closes an open item once; a new conflict opens a new item", async () => {
    const [open] = await queue.list("org-a", { status: "open", limit: 10 });
    assert.equal(
      await queue.resolve("org-b", open.id, "quickbooks", T2),
      false,
      "other orgs cannot resolve it",
    );
    assert.equal(await queue.resolve("org-a", open.id, "quickbooks", T2), true);
    assert.equal(await queue.resolve("org-a", open.id, "estatecore", T2), false);
    const resolved = (await queue.get("org-a", open.id))!;
    assert.equal(resolved.status, "resolved");
    assert.equal(resolved.resolution, "quickbooks");
    assert.equal(resolved.resolvedAt, T2);
    const next = await queue.open(item("t1", [{ path: "GivenName" }]));
    assert.notEqual(next.id, open.id);
  });
});
