import type { Atomically } from "../../../domain/ports/unit_of_work.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import type { Caller } from "../../../domain/access/caller.ts";
import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlRecordMirror } from "../../../adapters/persistence/repositories/record_mirror_repository.ts";
import { ingestRecords, INTAKE_WRITE_CHUNK } from "../../../src/intake/ingest_records.ts";

/** These tests look at what intake stores; what it records in the audit trail is tested on its own. */
const ignoredAudit = () => Promise.resolve();

const clock = { now: () => new Date("2026-06-01T12:00:00.000Z") };
const admin: Caller = { orgId: "org-a", userId: "u1", role: "admin" };

async function withMirror(fn: (mirror: SqlRecordMirror, atomically: Atomically) => Promise<void>) {
  const database = await openDatabase(":memory:");
  try {
    await migrateToLatest(database);
    await fn(new SqlRecordMirror(database), sqlUnitOfWork(database));
  } finally {
    await database.close();
  }
}

Deno.test("ingestRecords resolves references to items in later write chunks of the same request", async () => {
  await withMirror(async (mirror, atomically) => {
    const units = Array.from({ length: INTAKE_WRITE_CHUNK + 10 }, (_, i) => ({
      type: "unit",
      data: { id: `u${i}`, property_id: "p-last", unit_number: `${i}` },
    }));
    const items = [...units, {
      type: "property",
      data: { id: "p-last", organization_id: "org-a", name: "Last" },
    }];
    const outcomes = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, items);
    assert.equal(outcomes.length, items.length);
    assert.ok(outcomes.every((o) => o.status === "created"));
    assert.equal(await mirror.lastChangeSeq("org-a"), items.length);
  });
});

Deno.test("ingestRecords applies repeated ids in request order and reports each", async () => {
  await withMirror(async (mirror, atomically) => {
    const vendor = (name: string) => ({ type: "vendor", data: { id: "v1", name } });
    const outcomes = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      vendor("A"),
      vendor("B"),
      vendor("B"),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ["created", "updated", "unchanged"]);
    assert.equal((await mirror.get("org-a", "vendor", "v1"))?.data.name, "B");
  });
});

Deno.test("ingestRecords never references a tombstoned record", async () => {
  await withMirror(async (mirror, atomically) => {
    await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [{
      type: "property",
      data: { id: "p1", organization_id: "org-a", name: "P" },
    }]);
    await mirror.markDeleted("org-a", "property", "p1", clock.now().toISOString());
    const [unit] = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [{
      type: "unit",
      data: { id: "u1", property_id: "p1", unit_number: "1" },
    }]);
    assert.equal(unit.status, "invalid");
    assert.equal(unit.status === "invalid" && unit.error.issues[0].path, "property_id");
  });
});
