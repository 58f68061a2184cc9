/**
 * The progress stream of a sync job through the HTTP API: a client follows a push as it runs
 * (Server-Sent Events read with fetch), an unknown or foreign job is a JSON 404, and a finished
 * job's stream sends its final state and closes.
 */
import assert from "node:assert/strict";
import {
  api,
  connectWithMappings,
  loadSamplePortfolio,
  type Running,
  startService,
  token,
} from "../support/e2e_service.ts";

interface Frame {
  readonly event: string | null;
  readonly id: string | null;
  readonly data: string | null;
  readonly comment: string | null;
}

/** Reads a whole event stream into frames (the server closes it after `done`). */
async function readFrames(response: Response): Promise<Frame[]> {
  const text = await response.text();
  return text.split("\n\n").filter((block) => block.trim() !== "").map((block) => {
    const fields: Record<string, string> = {};
    let comment: string | null = null;
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) comment = line.slice(1).trim();
      else {
        const at = line.indexOf(":");
        const key = line.slice(0, at);
        const value = line.slice(at + 1).replace(/^ /, "");
        fields[key] = key in fields ? `${fields[key]}\n${value}` : value;
      }
    }
    return { event: fields.event ?? null, id: fields.id ?? null, data: fields.data ?? null, comment };
  });
}

async function openStream(run: Running, org: string, jobId: string, lastEventId?: string) {
  return await fetch(`${run.base}/api/quickbooks/sync/jobs/${jobId}/events`, {
    headers: {
      Authorization: `Bearer ${await token(org, "viewer")}`,
      Accept: "text/event-stream",
      ...(lastEventId ? { "Last-Event-ID": lastEventId } : {}),
    },
  });
}

async function connectedOrgWithRecords(run: Running, org: string) {
  assert.equal((await api(run, "PUT", "/organization", org, { name: "Stream Properties" })).status, 201);
  const { mappings } = await connectWithMappings(run, org);
  assert.equal(mappings.status, 200);
  const { intake } = await loadSamplePortfolio(run, org, { properties: 2, unitsPerProperty: 3, months: 2 });
  assert.equal(intake.status, 200);
}

Deno.test({
  name: "GET /sync/jobs/{id}/events streams a running push: progress never goes backwards, then done",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({ jobStreamTiming: { pollIntervalMs: 5, heartbeatMs: 20 } });
    try {
      const org = "org-stream";
      await connectedOrgWithRecords(run, org);
      const queued = await api(run, "POST", "/sync", org, { direction: "push" });
      assert.equal(queued.status, 202);
      const jobId = queued.body.data.id;

      const response = await openStream(run, org, jobId);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "text/event-stream");
      const [frames, ran] = await Promise.all([readFrames(response), run.service.worker.runOnce()]);
      assert.equal(ran, true);

      const events = frames.filter((f) => f.comment === null);
      const progress = events.filter((f) => f.event === "progress").map((f) => JSON.parse(f.data!));
      assert.ok(progress.length >= 2, `queued and finished states at least, got ${progress.length}`);
      assert.equal(progress[0].status, "queued", "the state at connection time comes first");
      for (let i = 1; i < progress.length; i++) {
        assert.ok(progress[i].progress.done >= progress[i - 1].progress.done, "done never goes backwards");
      }
      const ids = events.map((f) => f.id);
      assert.equal(new Set(ids.slice(0, -1)).size, ids.length - 1, "each progress event is a new state");
      const last = events[events.length - 1];
      assert.equal(last.event, "done");
      const final = JSON.parse(last.data!);
      assert.equal(final.status, "succeeded");
      assert.ok(final.progress.done > 0);
      assert.equal(final.id, jobId);
      assert.deepEqual(final, progress[progress.length - 1], "done repeats the final progress");
      assert.ok(frames.every((f) => f.comment === null || f.comment === "heartbeat"));
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name:
    "GET /sync/jobs/{id}/events: unknown or foreign job is a JSON 404; a finished job sends its state and closes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({ jobStreamTiming: { pollIntervalMs: 5, heartbeatMs: 20 } });
    try {
      const org = "org-stream-done";
      await connectedOrgWithRecords(run, org);
      const unknown = await openStream(run, org, "no-such-job");
      assert.equal(unknown.status, 404);
      assert.equal((await unknown.json()).error.code, "NOT_FOUND");

      const queued = await api(run, "POST", "/sync", org, { direction: "push" });
      await run.service.worker.runOnce();
      const jobId = queued.body.data.id;

      assert.equal((await api(run, "PUT", "/organization", "org-stranger", { name: "Other" })).status, 201);
      const foreign = await openStream(run, "org-stranger", jobId);
      assert.equal(foreign.status, 404, "another organization never sees the job");
      await foreign.body?.cancel();

      const frames = await readFrames(await openStream(run, org, jobId));
      assert.deepEqual(frames.map((f) => f.event), ["progress", "done"]);
      const [progress, done] = frames;
      assert.equal(progress.id, done.id);
      const json = (await api(run, "GET", `/sync/jobs/${jobId}`, org)).body.data;
      assert.deepEqual(JSON.parse(done.data!), json, "same view as the JSON route");

      const resumed = await readFrames(await openStream(run, org, jobId, done.id!));
      assert.deepEqual(resumed.map((f) => f.event), ["done"], "Last-Event-ID: the held state is not re-sent");
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name: "GET /sync/jobs/{id}/events stops reading the job once the client disconnects",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({ jobStreamTiming: { pollIntervalMs: 5, heartbeatMs: 60_000 } });
    try {
      const org = "org-stream-gone";
      await connectedOrgWithRecords(run, org);
      const jobId = (await api(run, "POST", "/sync", org, { direction: "push" })).body.data.id;
      const jobs = run.service.syncData.jobs;
      const get = jobs.get.bind(jobs);
      let reads = 0;
      jobs.get = (id: string) => {
        if (id === jobId) reads++;
        return get(id);
      };

      const response = await openStream(run, org, jobId);
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      assert.match(first, /^event: progress\n/);
      assert.match(first, /"status":"queued"/);
      const whileOpen = reads;
      await reader.cancel();
      // Wait until the reads stop (bounded): a stream that kept polling would never settle.
      let settled = false;
      for (let i = 0; i < 40 && !settled; i++) {
        const before = reads;
        await new Promise((r) => setTimeout(r, 50));
        settled = reads === before;
      }
      assert.ok(settled, `still polling after the client left (${reads} reads)`);
      assert.ok(whileOpen >= 1);
    } finally {
      await run.close();
    }
  },
});
