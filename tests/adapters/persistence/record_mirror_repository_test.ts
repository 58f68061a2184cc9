import assert from "node:assert/strict";
import { SqlRecordMirror } from "../../../adapters/persistence/repositories/record_mirror_repository.ts";
import type { MirrorWrite } from "../../../domain/ports/record_mirror.ts";
import { contractSuite } from "../../support/databases.ts";

const T1 = "2026-05-01T12:00:00.000Z";
const T2 = "2026-05-01T13:00:00.000Z";

function tenant(id: string, lastName: string, propertyId: string | null = "prop-1"): MirrorWrite {
  return {
    recordType: "tenant",
    recordId: id,
    propertyId,
    data: { id, first_name: "Jane", last_name: lastName, ...(propertyId ? { property_id: propertyId } : {}) },
  };
}

contractSuite("SqlRecordMirror contract", async (t, database) => {
  const mirror = new SqlRecordMirror(database);

  await t.step("upsertMany creates at version 1, then unchanged content keeps the version", async () => {
    const [created] = await mirror.upsertMany("org-a", [tenant("t1", "Doe")], T1);
    assert.equal(created.outcome, "created");
    assert.equal(created.record.version, 1);
    assert.equal(created.record.changeSeq, 1);
    assert.deepEqual(created.record.data, {
      id: "t1",
      first_name: "Jane",
      last_name: "Doe",
      property_id: "prop-1",
    });
    // Same content with keys in another order is the same record.
    const [again] = await mirror.upsertMany("org-a", [{
      ...tenant("t1", "Doe"),
      data: { property_id: "prop-1", last_name: "Doe", first_name: "Jane", id: "t1" },
    }], T2);
    assert.equal(again.outcome, "unchanged");
    assert.equal(again.record.version, 1);
    assert.equal(again.record.updatedAt, T1);
    assert.equal(await mirror.lastChangeSeq("org-a"), 1);
  });

  await t.step("upsertMany bumps the version and the change sequence on a change", async () => {
    const [updated] = await mirror.upsertMany("org-a", [tenant("t1", "Smith")], T2);
    assert.equal(updated.outcome, "updated");
    assert.equal(updated.record.version, 2);
    assert.equal(updated.record.changeSeq, 2);
    assert.equal(updated.record.createdAt, T1);
    assert.equal(updated.record.updatedAt, T2);
    assert.equal((await mirror.get("org-a", "tenant", "t1"))?.data.last_name, "Smith");
  });

  await t.step("upsertMany applies repeated keys of one call in order", async () => {
    const results = await mirror.upsertMany("org-a", [
      tenant("t2", "A"),
      tenant("t2", "B"),
      tenant("t2", "B"),
    ], T1);
    assert.deepEqual(results.map((r) => [r.outcome, r.record.version]), [["created", 1], ["updated", 2], [
      "unchanged",
      2,
    ]]);
    assert.equal((await mirror.get("org-a", "tenant", "t2"))?.data.last_name, "B");
    assert.equal((await mirror.get("org-a", "tenant", "t2"))?.version, 2);
  });

  await t.step("markDeleted tombstones with a version bump, once", async () => {
    const deleted = await mirror.markDeleted("org-a", "tenant", "t2", T2);
    assert.equal(deleted?.changed, true);
    assert.equal(deleted?.record.version, 3);
    assert.equal(deleted?.record.deleted, true);
    const twice = await mirror.markDeleted("org-a", "tenant", "t2", T2);
    assert.equal(twice?.changed, false);
    assert.equal(twice?.record.version, 3);
    assert.equal(await mirror.markDeleted("org-a", "tenant", "never", T2), null);
    assert.deepEqual(await mirror.existingIds("org-a", "tenant", ["t1", "t2", "x"]), new Set(["t1"]));
  });

  await t.step("upsertMany of a tombstone restores it as an update", async () => {
    const [restored] = await mirror.upsertMany("org-a", [tenant("t2", "B")], T2);
    assert.equal(restored.outcome, "updated");
    assert.equal(restored.record.version, 4);
    assert.equal(restored.record.deleted, false);
  });

  await t.step("changesSince lists changes in sequence order, tombstones included", async () => {
    const changes = await mirror.changesSince("org-a", 2, { limit: 100 });
    assert.deepEqual(changes.map((c) => [c.recordId, c.version]), [["t2", 4]]);
    const all = await mirror.changesSince("org-a", 0, { limit: 100 });
    assert.deepEqual(all.map((c) => c.changeSeq), [2, 6]);
    assert.deepEqual(await mirror.changesSince("org-a", 0, { limit: 100, recordTypes: ["lease"] }), []);
  });

  await t.step("getMany returns the stored ones among the ids, tombstones included", async () => {
    const found = await mirror.getMany("org-a", "tenant", ["t2", "t1", "nope"]);
    assert.deepEqual(found.map((r) => [r.recordId, r.deleted]).sort(), [["t1", false], ["t2", false]]);
    assert.deepEqual(await mirror.getMany("org-b", "tenant", ["t1"]), []);
  });

  await t.step("list pages by id and filters by property", async () => {
    await mirror.upsertMany("org-a", [tenant("t3", "C", "prop-2"), tenant("t4", "D", null)], T1);
    const page1 = await mirror.list("org-a", "tenant", { limit: 2 });
    assert.deepEqual(page1.map((r) => r.recordId), ["t1", "t2"]);
    const page2 = await mirror.list("org-a", "tenant", { limit: 2, afterId: "t2" });
    assert.deepEqual(page2.map((r) => r.recordId), ["t3", "t4"]);
    const scoped = await mirror.list("org-a", "tenant", { limit: 10, propertyIds: ["prop-2"] });
    assert.deepEqual(scoped.map((r) => r.recordId), ["t3"]);
    assert.deepEqual(await mirror.list("org-a", "tenant", { limit: 10, propertyIds: [] }), []);
    const withUnplaced = await mirror.list("org-a", "tenant", {
      limit: 10,
      propertyIds: ["prop-2"],
      includeWithoutProperty: true,
    });
    assert.deepEqual(withUnplaced.map((r) => r.recordId), ["t3", "t4"]);
  });

  await t.step("another organization never sees org A's records and has its own sequence", async () => {
    assert.equal(await mirror.get("org-b", "tenant", "t1"), null);
    assert.deepEqual(await mirror.list("org-b", "tenant", { limit: 10 }), []);
    const [created] = await mirror.upsertMany("org-b", [tenant("t1", "Other")], T1);
    assert.equal(created.outcome, "created");
    assert.equal(created.record.changeSeq, 1);
    assert.equal((await mirror.get("org-a", "tenant", "t1"))?.data.last_name, "Smith");
  });

  await t.step("concurrent upserts of one record never lose an update; versions never go back", async () => {
    const writers = 12;
    const outcomes = await Promise.all(
      Array.from({ length: writers }, (_, i) => mirror.upsertMany("org-c", [tenant("hot", `Name ${i}`)], T1)),
    );
    const versions = outcomes.map(([r]) => r.record.version).sort((a, b) => a - b);
    assert.deepEqual(
      versions,
      Array.from({ length: writers }, (_, i) => i + 1),
      "every write got its own version",
    );
    const seqs = new Set(outcomes.map(([r]) => r.record.changeSeq));
    assert.equal(seqs.size, writers, "every change got its own sequence number");
    const final = (await mirror.get("org-c", "tenant", "hot"))!;
    assert.equal(final.version, writers);
    const lastWriter = outcomes.find(([r]) => r.record.version === writers)![0];
    assert.deepEqual(final.data, lastWriter.record.data, "the stored content is the last version's");
    assert.equal(await mirror.lastChangeSeq("org-c"), writers);
  });

  await t.step("upsertMany stores thousands of records in one call", async () => {
    const writes = Array.from(
      { length: 1500 },
      (_, i) => tenant(`bulk-${String(i).padStart(5, "0")}`, "Bulk"),
    );
    const results = await mirror.upsertMany("org-d", writes, T1);
    assert.equal(results.filter((r) => r.outcome === "created").length, 1500);
    assert.equal((await mirror.existingIds("org-d", "tenant", writes.map((w) => w.recordId))).size, 1500);
    assert.equal(await mirror.lastChangeSeq("org-d"), 1500);
  });
});
