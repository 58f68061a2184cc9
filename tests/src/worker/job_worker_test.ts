import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { DomainError } from "../../../domain/errors.ts";
import { type JobHandler, JobWorker } from "../../../src/worker/job_worker.ts";
import { LeaseLostError } from "../../../domain/ports/job_queue.ts";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../../src/demo/sample_portfolio.ts";
import { startQboHarness } from "../../support/qbo_harness.ts";
import { SqlEventOutbox } from "../../../adapters/persistence/repositories/event_outbox_repository.ts";
import { outboxEmitter } from "../../../domain/events/emit_event.ts";
import { syncRunEvents } from "../../../src/sync/sync_run_events.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import { SqlAuditLog } from "../../../adapters/persistence/repositories/audit_log_repository.ts";
import { sha256Hasher } from "../../../adapters/crypto/sha256_hasher.ts";
import { type AuditTrail, sealedAuditTrail } from "../../../domain/audit/audit_trail.ts";

async function setup(handlers: Record<string, JobHandler>, options: { audit?: AuditTrail } = {}) {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  let n = 0;
  const jobs = new SqlJobQueue(database, { newId: () => `job-${++n}` });
  let now = new Date("2026-06-01T00:00:00.000Z");
  const clock = { now: () => now };
  const logs: string[] = [];
  const auditLog = new SqlAuditLog(database);
  const outbox = new SqlEventOutbox(database, { newId: () => `e-${++n}` });
  const worker = new JobWorker({
    jobs,
    clock,
    logger: new JsonLogger({ level: "debug", sink: (l) => logs.push(l) }),
    workerId: "w1",
    handlers,
    leaseMs: 30_000,
    audit: options.audit ?? sealedAuditTrail(auditLog, sha256Hasher),
    atomically: sqlUnitOfWork(database),
    announce: syncRunEvents(outboxEmitter(outbox)),
  });
  return {
    outbox,
    jobs,
    worker,
    auditLog,
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

Deno.test("JobWorker.runOnce leaves a job whose lease was lost mid-push (LeaseLostError) to its new owner", async () => {
  const h = await startQboHarness();
  try {
    const records = samplePortfolio({ properties: 1, unitsPerProperty: 1, months: 1 });
    await h.mirror.upsertMany("org-1", records, "2026-04-01T00:00:00.000Z");
    await h.mappings.putDefaults(
      "org-1",
      await emulatorAccountMapping((n) => h.accountId(n)),
      "2026-04-01T00:00:00.000Z",
    );
    let now = new Date("2026-06-01T00:00:00.000Z");
    const clock = { now: () => now };
    const logs: string[] = [];
    let thrown: unknown;
    const worker = new JobWorker({
      jobs: h.jobs,
      clock,
      logger: new JsonLogger({ level: "debug", sink: (l) => logs.push(l) }),
      workerId: "w1",
      leaseMs: 30_000,
      audit: h.audit,
      atomically: h.atomically,
      announce: syncRunEvents(h.emit),
      handlers: {
        "sync.push": async (job, ctx) => {
          // This worker stalls past its lease; w2 claims the job before the first batch is stored.
          now = new Date(now.getTime() + 31_000);
          assert.equal((await h.jobs.claim("w2", 30_000, now.toISOString()))?.id, job.id);
          try {
            await pushPortfolio({ ...h, clock }, h.target, {
              job: { jobId: job.id, workerId: ctx.workerId },
            });
            return {};
          } catch (error) {
            thrown = error;
            throw error;
          }
        },
      },
    });
    const { job } = await h.jobs.enqueue(
      { jobType: "sync.push", orgId: "org-1", realmId: h.realmId, payload: {} },
      now.toISOString(),
    );

    assert.equal(await worker.runOnce(), true);

    assert.ok(thrown instanceof LeaseLostError, `the push stops with LeaseLostError: ${thrown}`);
    assert.equal(thrown.code, "LEASE_LOST");
    assert.deepEqual(thrown.details, { job_id: job.id, worker_id: "w1" });
    const after = (await h.jobs.get(job.id))!;
    assert.deepEqual(
      [after.status, after.leaseOwner, after.lastErrorCode, after.attempts, after.interruptions],
      ["running", "w2", null, 1, 1],
      "not failed by the former holder: the new owner runs it, and the takeover spent no attempt",
    );
    assert.deepEqual(await h.links.listForRealm("org-1", h.realmId), [], "no link stored without the lease");
    assert.ok(logs.some((l) => l.includes("lease lost")));
  } finally {
    await h.close();
  }
});

Deno.test("JobWorker.run first takes back the job a dead process of its identity held, without waiting out the lease", async () => {
  let ran = 0;
  const t = await setup({
    "demo.resumed": (job) => {
      ran++;
      t.worker.stop();
      return Promise.resolve({ attempt: job.attempts });
    },
  });
  try {
    const { job } = await t.jobs.enqueue(
      { jobType: "demo.resumed", orgId: "o", realmId: null, payload: {}, maxAttempts: 1 },
      t.nowIso(),
    );
    // The previous process of w1 claimed it and was killed: its 30 s lease still runs.
    assert.equal((await t.jobs.claim("w1", 30_000, t.nowIso()))?.id, job.id);
    t.advance(1_000);
    assert.equal(await t.worker.runOnce(), false, "without the release, the job waits for its lease");
    await t.worker.run(5);
    assert.equal(ran, 1);
    const done = (await t.jobs.get(job.id))!;
    assert.deepEqual(
      [done.status, done.attempts, done.interruptions, done.result],
      ["succeeded", 1, 1, { attempt: 1 }],
      "the crash spent none of the job's single attempt",
    );
    assert.ok(t.logs.some((l) => l.includes("took back the jobs of this worker's previous run")));
  } finally {
    await t.close();
  }
});

Deno.test("JobWorker.runOnce fails a job on an error merely named LeaseLostError (codes decide, not names)", async () => {
  const t = await setup({
    "demo.named": () => {
      const error = new Error("looks like a lease loss");
      error.name = "LeaseLostError";
      return Promise.reject(error);
    },
  });
  try {
    const { job } = await t.jobs.enqueue(
      { jobType: "demo.named", orgId: "o", realmId: null, payload: {}, maxAttempts: 1 },
      t.nowIso(),
    );
    await t.worker.runOnce();
    const after = (await t.jobs.get(job.id))!;
    assert.deepEqual([after.status, after.lastErrorCode], ["dead", "INTERNAL_ERROR"]);
  } finally {
    await t.close();
  }
});

Deno.test("JobWorker.runOnce records each run's start and end in the audit trail, failures by code", async () => {
  const t = await setup({
    "sync.run": () =>
      Promise.resolve({
        push: {
          failed: [["t1", "QB004"], ["t2", "QB004"], ["t3", "QB009"]].map(([recordId, code]) => ({
            outcome: "failed",
            recordType: "tenant",
            recordId,
            code,
            message: `QuickBooks refused ${recordId}`,
          })),
        },
      }),
    "demo.flaky": () => Promise.reject(new DomainError("QB007", "QuickBooks is unavailable")),
  });
  try {
    await t.jobs.enqueue(
      { jobType: "sync.run", orgId: "o", realmId: "9341", payload: { direction: "push" } },
      t.nowIso(),
    );
    await t.jobs.enqueue({ jobType: "demo.flaky", orgId: "o", realmId: null, payload: {} }, t.nowIso());
    assert.equal(await t.worker.runOnce(), true);
    assert.equal(await t.worker.runOnce(), true);
    const trail = await t.auditLog.list("o");
    assert.deepEqual(trail.map((r) => [r.action, r.actor, r.target]), [
      ["job.started", "system:worker", "job:job-1"],
      ["job.finished", "system:worker", "job:job-1"],
      ["job.started", "system:worker", "job:job-2"],
      ["job.failed", "system:worker", "job:job-2"],
    ]);
    assert.deepEqual(trail[0].details, {
      job_id: "job-1",
      job_type: "sync.run",
      realm_id: "9341",
      attempt: 1,
      worker_id: "w1",
      direction: "push",
    });
    assert.deepEqual(trail[1].details.failures_by_code, { QB004: 2, QB009: 1 });
    assert.equal(trail[1].details.status, "succeeded");
    assert.deepEqual([trail[3].details.code, trail[3].details.status, trail[3].details.outcome], [
      "QB007",
      "queued",
      "failed",
    ]);
    // The same ends as outbound events, committed with them (issue 17).
    const events = await t.outbox.list("o", { limit: 10 });
    assert.deepEqual(events.map((e) => [e.type, e.data.job_id, e.data.record_id ?? e.data.code]), [
      ["sync.run.completed", "job-1", undefined],
      ["sync.record.failed", "job-1", "t1"],
      ["sync.record.failed", "job-1", "t2"],
      ["sync.record.failed", "job-1", "t3"],
      ["sync.run.failed", "job-2", "QB007"],
    ]);
    assert.equal(events[4].data.will_retry, true);
  } finally {
    await t.close();
  }
});

Deno.test("JobWorker.runOnce records and announces no end for a run whose lease went to another worker", async () => {
  let t: Awaited<ReturnType<typeof setup>>;
  t = await setup({
    "demo.slow": async () => {
      // This worker stalls past its lease and worker 2 takes the job before the handler returns.
      t.advance(31_000);
      assert.ok(await t.jobs.claim("w2", 30_000, t.nowIso()));
      return {};
    },
  });
  try {
    const queued = await t.jobs.enqueue(
      { jobType: "demo.slow", orgId: "o", realmId: null, payload: {} },
      t.nowIso(),
    );
    assert.equal(await t.worker.runOnce(), true);
    assert.deepEqual((await t.auditLog.list("o")).map((r) => r.action), ["job.started"]);
    assert.deepEqual(await t.outbox.list("o", { limit: 10 }), []);
    const job = (await t.jobs.get(queued.job.id))!;
    assert.deepEqual([job.status, job.leaseOwner], ["running", "w2"], "worker 2 holds it");
  } finally {
    await t.close();
  }
});

Deno.test("JobWorker.runOnce does not complete a run whose end could not be recorded", async () => {
  let refuse = false;
  const t = await setup({ "demo.ok": () => Promise.resolve({}) }, {
    audit: (record) => {
      if (refuse && record.action === "job.finished") {
        return Promise.reject(new Error("audit store unavailable"));
      }
      return Promise.resolve();
    },
  });
  try {
    refuse = true;
    const { job } = await t.jobs.enqueue(
      { jobType: "demo.ok", orgId: "o", realmId: null, payload: {} },
      t.nowIso(),
    );
    assert.equal(await t.worker.runOnce(), true);
    const after = (await t.jobs.get(job.id))!;
    assert.notEqual(after.status, "succeeded", "not acknowledged as done");
    assert.equal(after.lastErrorCode, "INTERNAL_ERROR");
  } finally {
    await t.close();
  }
});

Deno.test("JobWorker.runOnce defers a run QuickBooks' open circuit stopped until it lets calls through, spending no attempt", async () => {
  const t = await setup({
    "sync.run": () =>
      Promise.reject(
        new DomainError("QB007", "QuickBooks calls for this company are paused (circuit open)", {
          circuit_retry_at: "2026-06-01T00:00:30.000Z",
        }),
      ),
  });
  try {
    const { job } = await t.jobs.enqueue(
      { jobType: "sync.run", orgId: "o", realmId: "9341", payload: {} },
      t.nowIso(),
    );
    assert.equal(await t.worker.runOnce(), true);
    const deferred = (await t.jobs.get(job.id))!;
    assert.deepEqual([deferred.status, deferred.runAfter, deferred.attempts], [
      "queued",
      "2026-06-01T00:00:30.000Z",
      0,
    ]);
  } finally {
    await t.close();
  }
});
