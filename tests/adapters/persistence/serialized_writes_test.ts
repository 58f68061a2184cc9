import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlRecordMirror } from "../../../adapters/persistence/repositories/record_mirror_repository.ts";
import { isBusyError, retryWhileBusy } from "../../../adapters/persistence/serialized_writes.ts";

const NOW = "2026-05-01T12:00:00.000Z";

/** Two handles on one libSQL file behave like two processes sharing the database. */
async function twoHandles() {
  const dir = await Deno.makeTempDir({ prefix: "estatecore-busy-" });
  const url = `file:${dir}/shared.db`;
  const first = await openDatabase(url);
  await migrateToLatest(first);
  const second = await openDatabase(url);
  return {
    first,
    second,
    close: async () => {
      await first.close();
      await second.close();
      await Deno.remove(dir, { recursive: true }).catch(() => undefined);
    },
  };
}

Deno.test({
  name: "serializedWrite: writers on two handles of one libSQL file wait for each other instead of failing",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { first, second, close } = await twoHandles();
    try {
      const mirrors = [new SqlRecordMirror(first), new SqlRecordMirror(second)];
      const writes = 30;
      const results = await Promise.all(
        Array.from({ length: writes }, (_, i) =>
          mirrors[i % 2].upsertMany("org-a", [{
            recordType: "vendor",
            recordId: "v1",
            propertyId: null,
            data: { id: "v1", name: `Vendor ${i}` },
          }], NOW)),
      );
      assert.deepEqual(
        results.map(([r]) => r.record.version).sort((a, b) => a - b),
        Array.from({ length: writes }, (_, i) => i + 1),
      );

      const ids = { next: 0, newId: () => `job-${++ids.next}` };
      const queues = [new SqlJobQueue(first, ids), new SqlJobQueue(second, ids)];
      for (let i = 0; i < 10; i++) {
        await queues[0].enqueue({ jobType: "x", orgId: "org-a", realmId: null, payload: {} }, NOW);
      }
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => queues[i % 2].claim(`w${i}`, 60_000, NOW)),
      );
      const won = claims.filter((j) => j !== null).map((j) => j!.id);
      assert.equal(new Set(won).size, won.length, "no job claimed twice");
    } finally {
      await close();
    }
  },
});

Deno.test("retryWhileBusy retries only 'database is locked' failures", async () => {
  let calls = 0;
  const value = await retryWhileBusy("sqlite", () => {
    calls++;
    if (calls < 3) {
      return Promise.reject(
        Object.assign(new Error("SQLITE_BUSY: database is locked"), { code: "SQLITE_BUSY" }),
      );
    }
    return Promise.resolve("done");
  });
  assert.equal(value, "done");
  assert.equal(calls, 3);
  let other = 0;
  await assert.rejects(
    retryWhileBusy("sqlite", () => {
      other++;
      return Promise.reject(new Error("UNIQUE constraint failed"));
    }),
    /UNIQUE/,
  );
  assert.equal(other, 1);
  assert.equal(isBusyError({ cause: { code: "SQLITE_BUSY" } }), true);
  assert.equal(isBusyError(new Error("SQLITE_CONSTRAINT")), false);
});
