import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { DomainError } from "../../../domain/errors.ts";
import { type JobHandler, JobWorker } from "../../../src/worker/job_worker.ts";

async function setup(handlers: Record<string, JobHandler>) {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  let n = 0;
  const jobs = new SqlJobQueue(database, { newId: () => `job-${++n}` });
  let now = new Date("2026-06-01T00:00:00.000Z");
  const clock = { now: () => now };
  const logs: string[] = [];
  const worker = new JobWorker({
    jobs,
    clock,
    logger: new JsonLogger({ level: "debug", sink: (l) => logs.push(l) }),
    workerId: "w1",
    handlers,
    leaseMs: 30_000,
  });
  return {
    jobs,
    worker,
    logs,
    advance: (ms: number) => now = new Date(now.getTime() + ms),
    nowIso: () => now.toISOString(),
    close: () => database.close(),
  };
}

Deno.test("JobWorker.runOnce runs a due job, records progress and its result", async () => {
  const t = await setup({
    "demo.ok": async (job, ctx) => {
      assert.equal(await ctx.progress({ total: 2, done: 1, failed: 0, skipped: 0, detail: {} }), true);
      return { echoed: job.payload.n };
    },
  });
  try {
    const { job } = await t.jobs.enqueue(
      { jobType: "demo.ok", orgId: "o", realmId: null, payload: { n: 7 } },
      t.nowIso(),
    );
    assert.equal(await t.worker.runOnce(), true);
    const done = (await t.jobs.get(job.id))!;
    assert.equal(done.status, "succeeded");
    assert.deepEqual(done.result, { echoed: 7 });
    assert.equal(done.progress.done, 1);
    assert.equal(await t.worker.runOnce(), false, "nothing else is due");
  } finally {
    await t.close();
  }
});

Deno.test("JobWorker.runOnce retries transient failures (QB007) and stops on permanent ones (QB004)", async () => {
  let calls = 0;
  const t = await setup({
    "demo.flaky": () => {
      calls++;
      return Promise.reject(new DomainError("QB007", "QuickBooks is unavailable"));
    },
    "demo.bad": () => Promise.reject(new DomainError("QB004", "QuickBooks rejected the payload")),
  });
  try {
    const { job: flaky } = await t.jobs.enqueue(
      { jobType: "demo.flaky", orgId: "o", realmId: null, payload: {}, maxAttempts: 3 },
      t.nowIso(),
    );
    await t.worker.runOnce();
    let after = (await t.jobs.get(flaky.id))!;
    assert.equal(after.status, "queued", "a transient failure is retried later");
    assert.equal(after.lastErrorCode, "QB007");

    const { job: bad } = await t.jobs.enqueue(
      { jobType: "demo.bad", orgId: "o", realmId: null, payload: {} },
      t.nowIso(),
    );
    t.advance(3_600_000);
    while (await t.worker.runOnce()) t.advance(3_600_000);
    assert.equal((await t.jobs.get(bad.id))!.status, "dead", "a permanent failure is not retried");
    after = (await t.jobs.get(flaky.id))!;
    assert.equal(after.status, "dead", "retries stop at maxAttempts");
    assert.equal(calls, 3);
    assert.ok(t.logs.some((l) => l.includes('"msg":"job failed"') && l.includes("QB004")));
  } finally {
    await t.close();
  }
});

Deno.test("JobWorker.runOnce only claims job types it has handlers for", async () => {
  const t = await setup({ "demo.ok": () => Promise.resolve({}) });
  try {
    await t.jobs.enqueue({ jobType: "other.type", orgId: "o", realmId: null, payload: {} }, t.nowIso());
    assert.equal(await t.worker.runOnce(), false);
  } finally {
    await t.close();
  }
});

Deno.test("JobWorker.runOnce finishes a job whose progress counts failed items as succeeded_with_errors", async () => {
  const t = await setup({
    "demo.mixed": async (_job, ctx) => {
      assert.equal(await ctx.progress({ total: 3, done: 2, failed: 1, skipped: 0, detail: {} }), true);
      return { failed: 1 };
    },
  });
  try {
    const { job } = await t.jobs.enqueue(
      { jobType: "demo.mixed", orgId: "o", realmId: null, payload: {} },
      t.nowIso(),
    );
    assert.equal(await t.worker.runOnce(), true);
    const done = (await t.jobs.get(job.id))!;
    assert.equal(done.status, "succeeded_with_errors");
    assert.equal(done.progress.failed, 1);
    assert.deepEqual(done.result, { failed: 1 });
  } finally {
    await t.close();
  }
});
