import assert from "node:assert/strict";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlSyncLinkRepository } from "../../../adapters/persistence/repositories/sync_link_repository.ts";
import type { SyncLinkWrite } from "../../../domain/ports/sync_link_repository.ts";
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

  await t.step("delete removes one link", async () => {
    assert.equal(await links.delete("org-a", "111", "Customer", "t3"), true);
    assert.equal(await links.delete("org-a", "111", "Customer", "t3"), false);
  });
});
