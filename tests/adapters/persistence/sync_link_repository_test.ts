import assert from "node:assert/strict";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlSyncLinkRepository } from "../../../adapters/persistence/repositories/sync_link_repository.ts";
import { QboIdAlreadyLinkedError, type SyncLinkWrite } from "../../../domain/ports/sync_link_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const T1 = "2026-05-01T12:00:00.000Z";
const T2 = "2026-05-01T13:00:00.000Z";

function link(recordId: string, qboId: string, syncToken = "0"): SyncLinkWrite {
  return {
    recordId,
    entityType: "Customer",
    qboId,
    syncToken,
    fingerprint: `fp-${recordId}-${syncToken}`,
    baseSnapshot: { DisplayName: `Tenant ${recordId}` },
    state: "active",
    recordVersion: 1,
  };
}

contractSuite("SqlSyncLinkRepository contract", async (t, database) => {
  const links = new SqlSyncLinkRepository(database);
  const jobs = new SqlJobQueue(database, { newId: () => "job-1" });

  await t.step("saveBatch inserts, then replaces the link of the same record", async () => {
    assert.equal(await links.saveBatch("org-a", "111", [link("t1", "58"), link("t2", "59")], T1), true);
    assert.equal(
      await links.saveBatch("org-a", "111", [{ ...link("t1", "58", "1"), recordVersion: 2 }], T2),
      true,
    );
    const stored = (await links.get("org-a", "111", "Customer", "t1"))!;
    assert.equal(stored.syncToken, "1");
    assert.equal(stored.recordVersion, 2);
    assert.equal(stored.syncedAt, T2);
    assert.deepEqual(stored.baseSnapshot, { DisplayName: "Tenant t1" });
  });

  await t.step("findByQboId and getMany look links up; other orgs and realms see nothing", async () => {
    assert.equal((await links.findByQboId("org-a", "111", "Customer", "59"))?.recordId, "t2");
    assert.deepEqual(
      (await links.getMany("org-a", "111", "Customer", ["t2", "t1", "zz"])).map((l) => l.recordId),
      [
        "t1",
        "t2",
      ],
    );
    assert.deepEqual((await links.listForRealm("org-a", "111")).map((l) => l.recordId), ["t1", "t2"]);
    assert.deepEqual(await links.listForRealm("org-b", "111"), []);
    assert.deepEqual(await links.listForRealm("org-a", "222"), []);
    assert.equal(await links.get("org-b", "111", "Customer", "t1"), null);
    assert.equal(await links.get("org-a", "222", "Customer", "t1"), null);
    assert.equal(await links.findByQboId("org-a", "111", "Invoice", "59"), null);
  });

  await t.step(
    "saveBatch with a job commits links and progress together, only for the lease holder",
    async () => {
      const { job } = await jobs.enqueue({
        jobType: "sync.push",
        orgId: "org-a",
        realmId: "111",
        payload: {},
      }, T1);
      await jobs.claim("worker-1", 60_000, T1);
      const progress = { total: 5, done: 1, failed: 0, skipped: 0, detail: { batch: 1 } };
      assert.equal(
        await links.saveBatch("org-a", "111", [link("t3", "60")], T1, {
          jobId: job.id,
          workerId: "worker-2",
          progress,
        }),
        false,
      );
      assert.equal(
        await links.get("org-a", "111", "Customer", "t3"),
        null,
        "nothing written without the lease",
      );
      assert.equal((await jobs.get(job.id))?.progress.done, 0);
      assert.equal(
        await links.saveBatch("org-a", "111", [link("t3", "60")], T1, {
          jobId: job.id,
          workerId: "worker-1",
          progress,
        }),
        true,
      );
      assert.equal((await links.get("org-a", "111", "Customer", "t3"))?.qboId, "60");
      assert.deepEqual((await jobs.get(job.id))?.progress, progress);
    },
  );

  await t.step(
    "saveBatch refuses a QBO id another record holds, naming both, and stores nothing",
    async () => {
      // t1 holds Customer 58 (first step); the emulator re-issued 58 for t5.
      await assert.rejects(
        links.saveBatch("org-a", "111", [link("t4", "70"), link("t5", "58")], T2),
        (error) => {
          assert.ok(error instanceof QboIdAlreadyLinkedError);
          assert.equal(error.code, "QBO_ID_ALREADY_LINKED");
          assert.deepEqual(error.conflicts, [
            { entityType: "Customer", qboId: "58", recordId: "t5", linkedRecordId: "t1" },
          ]);
          assert.deepEqual(error.details.conflicts, [
            { entity_type: "Customer", qbo_id: "58", record_id: "t5", linked_record_id: "t1" },
          ]);
          return true;
        },
      );
      assert.equal(await links.get("org-a", "111", "Customer", "t4"), null, "the batch is all or nothing");
      assert.equal((await links.findByQboId("org-a", "111", "Customer", "58"))?.recordId, "t1");
    },
  );

  await t.step("saveBatch refuses two records of one batch taking the same QBO id", async () => {
    await assert.rejects(
      links.saveBatch("org-a", "111", [link("t6", "80"), link("t7", "80")], T2),
      (error) =>
        error instanceof QboIdAlreadyLinkedError && error.code === "QBO_ID_ALREADY_LINKED" &&
        JSON.stringify(error.conflicts) ===
          JSON.stringify([{ entityType: "Customer", qboId: "80", recordId: "t7", linkedRecordId: "t6" }]),
    );
    assert.equal(await links.get("org-a", "111", "Customer", "t6"), null);
  });

  await t.step("the same QBO id is free in another entity type, realm or organization", async () => {
    assert.equal(
      await links.saveBatch("org-a", "111", [{ ...link("t8", "58"), entityType: "Vendor" }], T2),
      true,
    );
    assert.equal(await links.saveBatch("org-a", "222", [link("t9", "58")], T2), true);
    assert.equal(await links.saveBatch("org-b", "111", [link("t9", "58")], T2), true);
  });

  await t.step(
    "a link written past the check is still QBO_ID_ALREADY_LINKED (the unique index)",
    async () => {
      await assert.rejects(
        database.db.insertInto("sync_links").values({
          org_id: "org-a",
          realm_id: "111",
          entity_type: "Customer",
          record_id: "t10",
          qbo_id: "58",
          sync_token: "0",
          fingerprint: "fp",
          base_snapshot: "{}",
          state: "active",
          record_version: 1,
          synced_at: T2,
        }).execute(),
        (error) => {
          assert.ok(error instanceof QboIdAlreadyLinkedError);
          assert.equal(error.code, "QBO_ID_ALREADY_LINKED");
          assert.deepEqual(error.conflicts, [
            { entityType: "Customer", qboId: "58", recordId: "t10", linkedRecordId: null },
          ]);
          return true;
        },
      );
    },
  );

  await t.step("delete removes one link", async () => {
    assert.equal(await links.delete("org-a", "111", "Customer", "t3"), true);
    assert.equal(await links.delete("org-a", "111", "Customer", "t3"), false);
  });
});
