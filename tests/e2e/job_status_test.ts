/**
 * A job's status and its one failure count, through the HTTP API with the worker running the push
 * against the emulator: a push before any account mapping ends succeeded_with_errors, and its
 * progress.failed, its result's failed list and the run's history agree; a clean push succeeds.
 */
import assert from "node:assert/strict";
import {
  api,
  connect,
  connectWithMappings,
  loadSamplePortfolio,
  startService,
} from "../support/e2e_service.ts";

const SHAPE = { properties: 1, unitsPerProperty: 2, months: 2 };

Deno.test({
  name: "sync job status: a push before any mapping ends succeeded_with_errors with one failure count",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-unmapped";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "Unmapped" })).status, 201);
      assert.equal((await connect(run, org)).status, 200);
      assert.equal((await loadSamplePortfolio(run, org, SHAPE)).intake.status, 200);

      const queued = await api(run, "POST", "/sync", org, { direction: "push" });
      assert.equal(queued.status, 202);
      assert.equal(await run.service.worker.runOnce(), true);
      const job = (await api(run, "GET", `/sync/jobs/${queued.body.data.id}`, org)).body.data;

      assert.equal(job.status, "succeeded_with_errors", JSON.stringify(job.progress));
      assert.ok(job.progress.failed > 0, "records without an account mapping fail");
      assert.equal(job.result.push.failed.length, job.progress.failed, "the result lists each failed record");
      const history = await api(run, "GET", `/sync/history?job_id=${job.id}&limit=200`, org);
      assert.equal(history.status, 200);
      const unsynced = history.body.data.entries.filter((e: { outcome: string }) =>
        e.outcome === "failed" || e.outcome === "invalid"
      );
      assert.equal(unsynced.length, job.progress.failed, "the history counts the same records");
      const summary = history.body.data.runs.find((r: { job_id: string }) => r.job_id === job.id).summary;
      assert.equal(summary.failed + summary.invalid, job.progress.failed, "and so does the run's summary");
      assert.ok(job.result.push.failed.every((f: { code: string }) => f.code === "QB006"));
      assert.equal(
        job.progress.done + job.progress.failed + job.progress.skipped,
        job.progress.total,
        "every planned record is accounted for",
      );

      const listed = await api(run, "GET", "/sync/jobs?status=succeeded_with_errors", org);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.data.map((j: { id: string }) => j.id), [job.id]);
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name: "sync job status: a clean push ends succeeded with nothing failed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-clean";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "Clean" })).status, 201);
      assert.equal((await connectWithMappings(run, org)).mappings.status, 200);
      assert.equal((await loadSamplePortfolio(run, org, SHAPE)).intake.status, 200);
      const queued = await api(run, "POST", "/sync", org, { direction: "push" });
      assert.equal(await run.service.worker.runOnce(), true);
      const job = (await api(run, "GET", `/sync/jobs/${queued.body.data.id}`, org)).body.data;
      assert.equal(job.status, "succeeded", JSON.stringify(job.progress));
      assert.equal(job.progress.failed, 0);
      assert.deepEqual(job.result.push.failed, []);
      assert.ok(job.progress.done > 0);
      assert.equal(job.progress.done + job.progress.skipped, job.progress.total);
    } finally {
      await run.close();
    }
  },
});
