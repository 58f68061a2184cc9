import assert from "node:assert/strict";
import type { Job, JobProgress } from "../../../domain/ports/job_queue.ts";
import {
  abortableSleep,
  jobStateId,
  type JobStreamEvent,
  watchJobProgress,
} from "../../../src/sync/job_progress_stream.ts";

const AT = "2026-04-01T00:00:00.000Z";

function job(status: Job["status"], done: number, orgId = "org-1"): Job {
  const progress: JobProgress = { total: 10, done, failed: 0, skipped: 0, detail: {} };
  return {
    id: "job-1",
    orgId,
    realmId: "realm-1",
    jobType: "sync.run",
    payload: {},
    status,
    dedupeKey: null,
    attempts: status === "queued" ? 0 : 1,
    maxAttempts: 5,
    interruptions: 0,
    runAfter: AT,
    leaseOwner: null,
    leaseUntil: null,
    progress,
    result: null,
    lastErrorCode: null,
    lastErrorMessage: null,
    createdAt: AT,
    updatedAt: AT,
    startedAt: status === "queued" ? null : AT,
    finishedAt: status === "succeeded" ? "2026-04-01T00:00:10.000Z" : null,
  };
}

/** A job row that reads as the next state of `states` on each poll (the last one repeats). */
function scripted(states: readonly (Job | null)[]) {
  let reads = 0;
  let sleeps = 0;
  return {
    deps: {
      jobs: { get: () => Promise.resolve(states[Math.min(reads++, states.length - 1)]) },
      clock: { now: () => new Date("2026-04-01T00:00:05.000Z") },
      sleep: () => {
        sleeps++;
        return Promise.resolve();
      },
    },
    reads: () => reads,
    sleeps: () => sleeps,
  };
}

async function collect(iterable: AsyncIterable<JobStreamEvent>): Promise<JobStreamEvent[]> {
  const out: JobStreamEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

const options = (extra: Partial<Parameters<typeof watchJobProgress>[3]> = {}) => ({
  pollIntervalMs: 10,
  heartbeatMs: 25,
  signal: new AbortController().signal,
  ...extra,
});

Deno.test("watchJobProgress sends each new state once, heartbeats while nothing changes, and ends with done", async () => {
  const s = scripted([
    job("queued", 0),
    job("running", 2),
    job("running", 2),
    job("running", 2),
    job("running", 2),
    job("running", 7),
    job("succeeded", 10),
  ]);
  const events = await collect(watchJobProgress(s.deps, "org-1", "job-1", options()));
  assert.deepEqual(
    events.map((e) => e.kind === "heartbeat" ? "heartbeat" : `${e.kind}:${e.job.progress.done}`),
    [
      "progress:0",
      "progress:2",
      "heartbeat",
      "progress:7",
      "progress:10",
      "done:10",
    ],
  );
  const last = events[events.length - 1];
  assert.ok(last.kind === "done");
  assert.equal(last.id, jobStateId(job("succeeded", 10)));
  assert.equal(last.job.progress.eta_seconds, 0);
  assert.equal(s.reads(), 7, "no read after the terminal state");
});

Deno.test("watchJobProgress skips the state named by Last-Event-ID", async () => {
  const finished = job("succeeded", 10);
  const s = scripted([finished]);
  const events = await collect(
    watchJobProgress(s.deps, "org-1", "job-1", options({ lastEventId: jobStateId(finished) })),
  );
  assert.deepEqual(events.map((e) => e.kind), ["done"]);
  const stale = await collect(watchJobProgress(
    scripted([finished]).deps,
    "org-1",
    "job-1",
    options({
      lastEventId: jobStateId(job("running", 3)),
    }),
  ));
  assert.deepEqual(stale.map((e) => e.kind), ["progress", "done"]);
});

Deno.test("watchJobProgress: another organization's or an unknown job is NOT_FOUND before any event", async () => {
  for (const row of [job("running", 1, "org-2"), null]) {
    const iterator = watchJobProgress(scripted([row]).deps, "org-1", "job-1", options());
    await assert.rejects(() => iterator.next(), (e: Error & { code?: string }) => e.code === "NOT_FOUND");
  }
});

Deno.test("watchJobProgress stops polling once the client disconnects, and ends when the job disappears", async () => {
  const controller = new AbortController();
  const s = scripted([job("running", 1)]);
  const seen: JobStreamEvent[] = [];
  for await (const e of watchJobProgress(s.deps, "org-1", "job-1", options({ signal: controller.signal }))) {
    seen.push(e);
    if (seen.length === 1) controller.abort();
  }
  assert.equal(seen.length, 1);
  assert.equal(s.reads(), 1, "the aborted stream does not read the job again");

  const vanishing = scripted([job("running", 1), null]);
  const events = await collect(watchJobProgress(vanishing.deps, "org-1", "job-1", options()));
  assert.deepEqual(events.map((e) => e.kind), ["progress"]);
});

Deno.test("abortableSleep resolves at once when its signal aborts", async () => {
  const controller = new AbortController();
  const sleeping = abortableSleep(60_000, controller.signal);
  controller.abort();
  await sleeping; // a 60 s timer still pending would also fail the test's resource sanitizer
  await abortableSleep(60_000, controller.signal);
});
