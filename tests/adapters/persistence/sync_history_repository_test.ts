import assert from "node:assert/strict";
import { SqlSyncHistory } from "../../../adapters/persistence/repositories/sync_history_repository.ts";
import type { NewSyncHistoryEntry } from "../../../domain/ports/sync_history.ts";
import { contractSuite } from "../../support/databases.ts";

const T1 = "2026-05-01T12:00:00.000Z";
const T2 = "2026-05-01T13:00:00.000Z";
const T3 = "2026-05-01T14:00:00.000Z";

function entry(recordId: string, overrides: Partial<NewSyncHistoryEntry> = {}): NewSyncHistoryEntry {
  return {
    outcome: "created",
    recordType: "tenant",
    recordId,
    propertyId: "prop-1",
    entityType: "Customer",
    syncRecordId: recordId,
    qboId: `q-${recordId}`,
    errorCode: null,
    qboCode: null,
    message: null,
    ...overrides,
  };
}

contractSuite("SyncHistory contract", async (t, database) => {
  let n = 0;
  const history = new SqlSyncHistory(database, { newId: () => `h-${String(++n).padStart(4, "0")}` });
  const run = (jobId: string, orgId = "org-a") => ({ orgId, realmId: "111", jobId });

  await t.step("record upserts by (run, object, record): a replayed write replaces, never adds", async () => {
    await history.record(run("job-1"), [entry("t1"), entry("t2")], T1);
    await history.record(run("job-1"), [
      entry("t2", { outcome: "failed", qboId: null, errorCode: "QB004", qboCode: "6240", message: "dup" }),
    ], T1);
    await history.record(run("job-1"), [entry("t2", { outcome: "adopted" })], T2);
    const page = await history.list("org-a", { jobId: "job-1", limit: 10 });
    assert.deepEqual(page.entries.map((e) => [e.recordId, e.outcome]), [["t2", "adopted"], [
      "t1",
      "created",
    ]]);
    assert.equal(page.entries[0].errorCode, null, "the failure was replaced by the later success");
    assert.equal(page.entries[0].recordedAt, T2);
    assert.equal(page.nextCursor, null);
  });

  await t.step("one write of an invoice for two charges keeps one entry per charge", async () => {
    await history.record(run("job-2"), [
      entry("c1", { recordType: "charge", entityType: "Invoice", syncRecordId: "inv:l|t|2026-01" }),
      entry("c2", { recordType: "charge", entityType: "Invoice", syncRecordId: "inv:l|t|2026-01" }),
    ], T2);
    const page = await history.list("org-a", { jobId: "job-2", limit: 10 });
    assert.deepEqual(page.entries.map((e) => e.recordId).sort(), ["c1", "c2"]);
  });

  await t.step(
    "replaceUnsynced swaps the run's blocked and invalid entries, leaves writes alone",
    async () => {
      const blocked = (id: string) =>
        entry(id, {
          outcome: "blocked",
          entityType: null,
          syncRecordId: null,
          qboId: null,
          errorCode: "QB005",
        });
      await history.replaceUnsynced(run("job-1"), [blocked("t3"), blocked("t4")], T2);
      await history.replaceUnsynced(run("job-1"), [
        blocked("t4"),
        entry("t5", { outcome: "invalid", entityType: null, syncRecordId: null, errorCode: "QB006" }),
      ], T2);
      const all = await history.list("org-a", { jobId: "job-1", limit: 10 });
      assert.deepEqual(all.entries.map((e) => `${e.recordId}:${e.outcome}`).sort(), [
        "t1:created",
        "t2:adopted",
        "t4:blocked",
        "t5:invalid",
      ]);
    },
  );

  await t.step(
    "list filters by record, outcome and property scope (org-wide entries stay visible)",
    async () => {
      await history.record(run("job-3"), [
        entry("t1", {
          outcome: "failed",
          errorCode: "QB007",
          qboCode: "2020",
          message: "Required param missing",
        }),
        entry("t9", { propertyId: "prop-2" }),
        entry("v1", { recordType: "vendor", entityType: "Vendor", propertyId: null }),
      ], T3);
      const t1 = await history.list("org-a", { recordType: "tenant", recordId: "t1", limit: 10 });
      assert.deepEqual(t1.entries.map((e) => [e.jobId, e.outcome]), [["job-3", "failed"], [
        "job-1",
        "created",
      ]]);
      assert.equal(t1.entries[0].qboCode, "2020");
      const failures = await history.list("org-a", { outcomes: ["failed", "invalid"], limit: 10 });
      assert.deepEqual(failures.entries.map((e) => e.recordId).sort(), ["t1", "t5"]);
      const scoped = await history.list("org-a", { jobId: "job-3", propertyIds: ["prop-1"], limit: 10 });
      assert.deepEqual(scoped.entries.map((e) => e.recordId).sort(), ["t1", "v1"]);
      const none = await history.list("org-a", { jobId: "job-3", propertyIds: [], limit: 10 });
      assert.deepEqual(none.entries.map((e) => e.recordId), ["v1"]);
      assert.deepEqual((await history.list("org-b", { limit: 10 })).entries, []);
    },
  );

  await t.step(
    "pages follow the cursor without gaps or repeats; a forged cursor is VALIDATION_FAILED",
    async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await history.list("org-a", { limit: 3, cursor });
        assert.ok(page.entries.length <= 3);
        seen.push(...page.entries.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const all = await history.list("org-a", { limit: 100 });
      assert.deepEqual(seen, all.entries.map((e) => e.id));
      assert.equal(new Set(seen).size, seen.length);
      await assert.rejects(
        history.list("org-a", { limit: 3, cursor: "not-a-cursor" }),
        (e: unknown) => (e as { code?: string }).code === "VALIDATION_FAILED",
      );
    },
  );

  await t.step("prune keeps the most recent runs of the organization only", async () => {
    await history.record(run("job-x", "org-b"), [entry("t1")], T1);
    assert.equal(await history.prune("org-a", 2), 4, "job-1's four entries go");
    const jobs = new Set((await history.list("org-a", { limit: 100 })).entries.map((e) => e.jobId));
    assert.deepEqual([...jobs].sort(), ["job-2", "job-3"]);
    assert.equal((await history.list("org-b", { limit: 10 })).entries.length, 1, "other orgs untouched");
    assert.equal(await history.prune("org-a", 2), 0);
  });
});
