import assert from "node:assert/strict";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import type { Caller } from "../../../domain/access/caller.ts";
import type { JobQueue } from "../../../domain/ports/job_queue.ts";
import { SYNC_JOB } from "../../../src/sync/sync_jobs.ts";
import { watchSyncJob } from "../../../src/sync/sync_queries.ts";

const NOW = "2026-06-01T12:00:00.000Z";
const ADMIN: Caller = { orgId: "org-1", userId: "user-1", role: "admin" };

/** A queue with one running sync job whose reads fail after the first one, and the log lines written. */
async function setup() {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  await new SqlOrganizationRepository(database.db).create({ id: "org-1", name: "org-1", createdAt: NOW });
  const queue = new SqlJobQueue(database, { newId: () => "job-1" });
  await queue.enqueue(
    { jobType: SYNC_JOB, orgId: "org-1", realmId: "111", payload: { direction: "push" } },
    NOW,
  );
  let reads = 0;
  const jobs = {
    get: async (id: string) => {
      if (++reads > 2) throw new Error("database went away");
      return await queue.get(id);
    },
  } as unknown as JobQueue;
  const logs: string[] = [];
  const deps = {
    jobs,
    clock: { now: () => new Date(NOW) },
    logger: new JsonLogger({ sink: (line) => logs.push(line) }),
    sleep: () => Promise.resolve(),
  };
  const options = { pollIntervalMs: 1, heartbeatMs: 1_000, signal: new AbortController().signal };
  return { database, deps, logs, options };
}

Deno.test("watchSyncJob logs a stream that fails once it runs, with the job it concerns, and rethrows", async () => {
  const { database, deps, logs, options } = await setup();
  try {
    const frames: string[] = [];
    await assert.rejects(async () => {
      for await (const frame of watchSyncJob(deps, ADMIN, "job-1", options)) frames.push(frame.kind);
    }, { message: "database went away" });
    assert.deepEqual(frames, ["progress"]);
    assert.equal(logs.length, 1);
    assert.match(logs[0], /"job progress stream failed"/);
    assert.match(logs[0], /"job_id":"job-1"/);
  } finally {
    await database.close();
  }
});

Deno.test("watchSyncJob refuses an unknown job or another organization's before any frame, logging nothing", async () => {
  const { database, deps, logs, options } = await setup();
  try {
    await assert.rejects(() => watchSyncJob(deps, ADMIN, "no-such-job", options).next(), {
      code: "NOT_FOUND",
    });
    await assert.rejects(
      () => watchSyncJob(deps, { ...ADMIN, orgId: "org-2" }, "job-1", options).next(),
      { code: "NOT_FOUND" },
      "another organization's job is unknown to the caller",
    );
    assert.deepEqual(logs, []);
  } finally {
    await database.close();
  }
});
