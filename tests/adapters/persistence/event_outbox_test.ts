import assert from "node:assert/strict";
import { SqlEventOutbox } from "../../../adapters/persistence/repositories/event_outbox_repository.ts";
import { SqlRecordMirror } from "../../../adapters/persistence/repositories/record_mirror_repository.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import { contractSuite } from "../../support/databases.ts";

const event = (orgId: string, type: string, at = "2026-06-01T12:00:00.000Z") => ({
  orgId,
  type,
  occurredAt: at,
  data: { note: type },
});

contractSuite("EventOutbox contract", async (t, database) => {
  let n = 0;
  const outbox = new SqlEventOutbox(database, { newId: () => `id-${++n}` });
  const atomically = sqlUnitOfWork(database);
  const mirror = new SqlRecordMirror(database);

  await t.step("appends number each organization's events from 1", async () => {
    const a = await outbox.append(event("org-1", "sync.run.completed"));
    const b = await outbox.append(event("org-1", "sync.run.failed"));
    const c = await outbox.append(event("org-2", "sync.run.completed"));
    assert.deepEqual([a.seq, b.seq, c.seq], [1, 2, 1]);
    assert.match(a.id, /^evt_/);
    assert.notEqual(a.id, b.id);
    assert.equal(await outbox.lastSeq("org-1"), 2);
    assert.equal(await outbox.lastSeq("org-none"), 0);
    assert.deepEqual((await outbox.list("org-1", { limit: 10 })).map((e) => [e.seq, e.type, e.data]), [
      [1, "sync.run.completed", { note: "sync.run.completed" }],
      [2, "sync.run.failed", { note: "sync.run.failed" }],
    ]);
  });

  await t.step("an event of a change that rolled back is gone with it, and leaves no gap", async () => {
    await assert.rejects(atomically(async () => {
      await mirror.upsertMany("org-1", [{
        recordType: "unit",
        recordId: "u1",
        propertyId: null,
        data: { id: "u1" },
      }], "2026-06-01T12:00:00.000Z");
      await outbox.append(event("org-1", "review.created"));
      throw new Error("the change failed");
    }));
    assert.equal(await mirror.get("org-1", "unit", "u1"), null);
    assert.equal(await outbox.lastSeq("org-1"), 2);
    assert.equal((await outbox.append(event("org-1", "review.resolved"))).seq, 3);
  });

  await t.step("concurrent appends take every number once", async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => outbox.append(event("org-c", `t.${i}`))));
    const seqs = (await outbox.list("org-c", { limit: 100 })).map((e) => e.seq);
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  await t.step("list pages after a sequence number and filters by type and time; getMany by id", async () => {
    await outbox.append(event("org-t", "a.x", "2026-06-01T10:00:00.000Z"));
    const mid = await outbox.append(event("org-t", "b.y", "2026-06-01T11:00:00.000Z"));
    await outbox.append(event("org-t", "a.x", "2026-06-01T12:00:00.000Z"));
    assert.deepEqual((await outbox.list("org-t", { afterSeq: 1, limit: 1 })).map((e) => e.seq), [2]);
    assert.deepEqual((await outbox.list("org-t", { types: ["a.x"], limit: 10 })).map((e) => e.seq), [1, 3]);
    assert.deepEqual(await outbox.list("org-t", { types: [], limit: 10 }), []);
    assert.deepEqual(
      (await outbox.list("org-t", {
        from: "2026-06-01T11:00:00.000Z",
        to: "2026-06-01T12:00:00.000Z",
        limit: 10,
      }))
        .map((e) => e.seq),
      [2],
    );
    assert.deepEqual((await outbox.getMany("org-t", [mid.id, "evt_unknown"])).map((e) => e.seq), [2]);
    assert.deepEqual(await outbox.getMany("org-1", [mid.id]), [], "another organization's id is not found");
  });
});
