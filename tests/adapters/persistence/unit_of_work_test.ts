import assert from "node:assert/strict";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import { SqlAuditLog } from "../../../adapters/persistence/repositories/audit_log_repository.ts";
import { SqlRecordMirror } from "../../../adapters/persistence/repositories/record_mirror_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const NOW = "2026-06-01T12:00:00.000Z";
const entry = (orgId: string, action: string) => ({
  orgId,
  at: NOW,
  actor: "user:u1",
  action,
  target: null,
  details: {},
  requestId: null,
});
const seal = (prev: string, seq: number) => `${seq}<-${prev}`;
const unit = (id: string) => ({ recordType: "unit" as const, recordId: id, propertyId: "p1", data: { id } });

contractSuite("Unit of work contract", async (t, database) => {
  const atomically = sqlUnitOfWork(database);
  const mirror = new SqlRecordMirror(database);
  const log = new SqlAuditLog(database);
  const organizations = new SqlOrganizationRepository(database.db);

  await t.step("the writes of a unit and its audit entry commit together", async () => {
    const seq = await atomically(async () => {
      await mirror.upsertMany("org-1", [unit("u1"), unit("u2")], NOW);
      return (await log.append(entry("org-1", "records.received"), seal)).seq;
    });
    assert.equal(seq, 1);
    assert.equal((await mirror.getMany("org-1", "unit", ["u1", "u2"])).length, 2);
    assert.deepEqual((await log.list("org-1")).map((r) => r.action), ["records.received"]);
  });

  await t.step("a failure anywhere in the unit leaves none of its writes, in any repository", async () => {
    await assert.rejects(
      atomically(async () => {
        await mirror.upsertMany("org-1", [unit("u3")], NOW);
        await log.append(entry("org-1", "records.received"), seal);
        await organizations.create({ id: "org-rolled-back", name: "Gone", createdAt: NOW });
        throw new Error("the audit entry could not be written");
      }),
      /could not be written/,
    );
    assert.equal(await mirror.get("org-1", "unit", "u3"), null);
    assert.equal(await organizations.get("org-rolled-back"), null);
    assert.equal(await mirror.lastChangeSeq("org-1"), 2, "the change sequence did not move");
    assert.deepEqual((await log.list("org-1")).map((r) => r.seq), [1], "no entry, no gap in the chain");
    // The next append chains to the last committed entry: the rolled-back one left no trace.
    const next = await log.append(entry("org-1", "after.rollback"), seal);
    assert.equal(next.seq, 2);
    assert.equal(next.prevHash, (await log.list("org-1"))[0].hash);
  });

  await t.step("a unit started inside another joins it (one commit, one rollback)", async () => {
    await assert.rejects(atomically(async () => {
      await atomically(() => mirror.upsertMany("org-2", [unit("n1")], NOW));
      throw new Error("outer fails after the inner unit returned");
    }));
    assert.equal(await mirror.get("org-2", "unit", "n1"), null, "the inner unit's write went with the outer");
  });

  await t.step("concurrent units of one organization never fork the chain nor lose a write", async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) =>
      atomically(async () => {
        await mirror.upsertMany("org-3", [unit(`c${i}`)], NOW);
        await log.append(entry("org-3", `c.${i}`), seal);
      })));
    const listed = await log.list("org-3");
    assert.deepEqual(listed.map((r) => r.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
    for (let i = 1; i < listed.length; i++) assert.equal(listed[i].prevHash, listed[i - 1].hash);
    assert.equal(await mirror.lastChangeSeq("org-3"), 8);
  });

  await t.step(
    "an organization's first entry rolled back: the next append starts its chain again",
    async () => {
      await assert.rejects(atomically(async () => {
        await log.append(entry("org-5", "first"), seal);
        throw new Error("rolled back");
      }));
      const again = await log.append(entry("org-5", "first again"), seal);
      assert.deepEqual([again.seq, again.prevHash], [1, ""]);
    },
  );

  await t.step("outside a unit, repositories run on their own as before", async () => {
    await mirror.upsertMany("org-4", [unit("o1")], NOW);
    assert.ok(await mirror.get("org-4", "unit", "o1"));
    assert.equal((await log.append(entry("org-4", "alone"), seal)).seq, 1);
  });
});
