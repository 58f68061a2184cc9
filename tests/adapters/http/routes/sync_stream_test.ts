import assert from "node:assert/strict";
import { API_BASE } from "../../../support/api_call.ts";
import { seedConnection, SEEDED_REALM } from "../../../support/connection_rows.ts";
import {
  accessAnswers,
  assertFailure,
  assertSuccess,
  declaredPermission,
  sameForEveryRole,
  scopedHeader,
  send,
  validationPaths,
} from "../../../support/route_checks.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

/** Short pacing: the job row is read every 10 ms and a heartbeat follows 30 ms of silence. */
const startStreamingService = () =>
  startTestService({}, { jobStreamTiming: { pollIntervalMs: 10, heartbeatMs: 30 } });
type Svc = Awaited<ReturnType<typeof startStreamingService>>;

interface SseFrame {
  readonly event?: string;
  readonly id?: string;
  readonly data?: string;
  readonly comment?: string;
}

/**
 * Reads Server-Sent Events frames until `until` says so or the stream ends (`ended`), awaiting
 * `onFrame` after each frame; fails after two seconds rather than hang on a stream that never closes.
 */
async function readFrames(
  res: Response,
  options: { until?: (frames: SseFrame[]) => boolean; onFrame?: (frames: SseFrame[]) => Promise<void> } = {},
): Promise<{ frames: SseFrame[]; ended: boolean }> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const frames: SseFrame[] = [];
  let buffer = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the stream did not end: ${JSON.stringify(frames)}`)), 2_000);
  });
  try {
    while (!(options.until?.(frames) ?? false)) {
      const { value, done } = await Promise.race([reader.read(), timeout]);
      if (done) return { frames, ended: true };
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame: Record<string, string> = {};
        for (const line of buffer.slice(0, end).split("\n")) {
          if (line.startsWith(":")) frame.comment = line.slice(1).trim();
          else {
            const i = line.indexOf(":");
            frame[line.slice(0, i)] = line.slice(i + 1).trimStart();
          }
        }
        frames.push(frame);
        buffer = buffer.slice(end + 2);
        await options.onFrame?.(frames);
      }
    }
    return { frames, ended: false };
  } finally {
    clearTimeout(timer);
    await reader.cancel();
  }
}

async function queuedJob(svc: Svc, orgId = "org-a"): Promise<{ id: string }> {
  await seedConnection(svc, orgId);
  return assertSuccess(await send(svc.app, "POST", "/sync", await authHeader(orgId, "admin"), {}), 202);
}

const stream = async (svc: Svc, jobId: string, headers: Record<string, string> = {}) =>
  await svc.app.request(`${API_BASE}/sync/jobs/${jobId}/events`, {
    headers: { ...await authHeader("org-a", "viewer"), ...headers },
  });

Deno.test("registerSyncStreamRoutes sends the job at once as text/event-stream, then done when it ends, and closes", async () => {
  const svc = await startStreamingService();
  try {
    const job = await queuedJob(svc);
    const res = await stream(svc, job.id);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const view = assertSuccess(await send(svc.app, "GET", `/sync/jobs/${job.id}`, await authHeader()), 200);
    const { frames, ended } = await readFrames(res, {
      // Once the first frame is in, the job ends (as a worker would finish it).
      onFrame: async (seen) => {
        if (seen.length === 1) {
          assert.ok(await svc.syncData.jobs.cancel("org-a", job.id, svc.clock.now().toISOString()));
        }
      },
    });
    assert.equal(ended, true, "the stream closes after done");
    assert.deepEqual(frames[0], { event: "progress", id: "0.queued.0.0.0.0", data: JSON.stringify(view) });
    const events = frames.filter((f) => f.event);
    assert.deepEqual(events.map((f) => [f.event, f.id]), [
      ["progress", "0.queued.0.0.0.0"],
      ["progress", "0.cancelled.0.0.0.0"],
      ["done", "0.cancelled.0.0.0.0"],
    ]);
    assert.equal(JSON.parse(events[2].data!).status, "cancelled");
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncStreamRoutes sends heartbeats while nothing changes and stops polling when the client leaves", async () => {
  const svc = await startStreamingService();
  try {
    const job = await queuedJob(svc);
    // Counts the stream's reads of the job row (the stream reads through this repository).
    const jobs = svc.syncData.jobs as { get: typeof svc.syncData.jobs.get };
    const get = jobs.get.bind(svc.syncData.jobs);
    let reads = 0;
    jobs.get = (id) => {
      reads++;
      return get(id);
    };
    const { frames, ended } = await readFrames(await stream(svc, job.id), {
      until: (seen) => seen.filter((f) => f.comment === "heartbeat").length >= 2,
    });
    assert.equal(ended, false);
    assert.equal(frames[0].event, "progress");
    assert.equal(frames.filter((f) => f.event).length, 1, "an unchanged job is sent once");
    assert.ok(reads >= 6, `the job was polled (${reads} reads)`);
    // The client went away (readFrames cancelled the body): polling stops with it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const afterLeaving = reads;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(reads, afterLeaving, "no read after the client left");
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncStreamRoutes skips the state named by Last-Event-ID: a finished job then sends only done", async () => {
  const svc = await startStreamingService();
  try {
    const job = await queuedJob(svc);
    await svc.syncData.jobs.cancel("org-a", job.id, svc.clock.now().toISOString());
    const resumed = await readFrames(await stream(svc, job.id, { "Last-Event-ID": "0.cancelled.0.0.0.0" }));
    assert.equal(resumed.ended, true);
    assert.deepEqual(resumed.frames.map((f) => [f.event, f.id]), [["done", "0.cancelled.0.0.0.0"]]);
    const fresh = await readFrames(await stream(svc, job.id, { "Last-Event-ID": "0.queued.0.0.0.0" }));
    assert.deepEqual(fresh.frames.map((f) => f.event), ["progress", "done"]);

    const scoped = await readFrames(await stream(svc, job.id, await scopedHeader("org-a", "viewer", ["p1"])));
    assert.deepEqual(scoped.frames.map((f) => f.event), ["progress", "done"], "scoped readers may watch");
    assert.equal(JSON.parse(scoped.frames[0].data!).realm_id, SEEDED_REALM);
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncStreamRoutes answers an unknown or foreign job with a JSON 404 before any stream", async () => {
  const svc = await startStreamingService();
  try {
    const theirs = await queuedJob(svc, "org-b");
    const h = await authHeader("org-a", "viewer");
    for (const id of ["no-such-job", theirs.id]) {
      const res = await send(svc.app, "GET", `/sync/jobs/${id}/events`, h);
      assert.deepEqual(assertFailure(res, 404, "NOT_FOUND").details, { job_id: id });
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    }
    assert.deepEqual(validationPaths(await send(svc.app, "GET", `/sync/jobs/${"j".repeat(65)}/events`, h)), [
      "param.job_id",
    ]);
    const longId = await send(svc.app, "GET", `/sync/jobs/${theirs.id}/events`, {
      ...h,
      "Last-Event-ID": "x".repeat(201),
    });
    assert.deepEqual(validationPaths(longId), ["header.last-event-id"]);

    assert.equal(await declaredPermission(svc.app, "GET", "/sync/jobs/{job_id}/events"), "sync:read");
    assert.deepEqual(
      await accessAnswers(svc.app, "GET", "/sync/jobs/no-such-job/events"),
      sameForEveryRole("404 NOT_FOUND"),
    );
  } finally {
    await svc.close();
  }
});
