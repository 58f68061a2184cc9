/**
 * The push through the HTTP API: records in through bulk intake, account mappings, POST /sync,
 * the worker runs the job, GET /sync/jobs/{id} shows the result, and QBO (the emulator mounted in
 * the service) holds the books; a second sync writes nothing.
 */
import assert from "node:assert/strict";
import {
  api,
  connectWithMappings,
  editInQuickBooks,
  loadSamplePortfolio,
  startService,
} from "../support/e2e_service.ts";

Deno.test({
  name:
    "sync flow: intake -> mappings -> POST /sync -> worker -> job succeeded -> QBO books; re-sync writes nothing",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-sync";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "Sync Properties" })).status, 201);
      const noConnection = await api(run, "POST", "/sync", org, { direction: "push" });
      assert.equal(noConnection.status, 404);
      assert.equal(noConnection.body.error.code, "NOT_FOUND");

      const { status, target, gateway, mappings } = await connectWithMappings(run, org);
      assert.equal(status, 200);
      assert.equal(mappings.status, 200);

      const { records, intake } = await loadSamplePortfolio(run, org, {
        properties: 2,
        unitsPerProperty: 3,
        months: 2,
      });
      assert.equal(intake.status, 200, JSON.stringify(intake.body).slice(0, 500));

      const queued = await api(run, "POST", "/sync", org, { direction: "push" });
      assert.equal(queued.status, 202);
      assert.equal(queued.body.data.status, "queued");
      const again = await api(run, "POST", "/sync", org, { direction: "push" });
      assert.equal(again.status, 200, "a second request while queued returns the same job");
      assert.equal(again.body.data.id, queued.body.data.id);

      assert.equal(await run.service.worker.runOnce(), true);
      const job = (await api(run, "GET", `/sync/jobs/${queued.body.data.id}`, org)).body.data;
      assert.equal(job.status, "succeeded", JSON.stringify(job));
      assert.equal(job.result.pull, null, "a push does not pull");
      assert.deepEqual(job.result.push.failed, []);
      assert.equal(job.result.push.errors.length, 0);
      assert.ok(job.progress.done > 0);
      assert.equal(job.progress.eta_seconds, 0);
      assert.equal((await gateway.query(target, { entityName: "Invoice" })).length, 12);

      const other = await api(run, "GET", `/sync/jobs/${queued.body.data.id}`, "org-other");
      assert.equal(other.status, 404, "another organization never sees the job");

      // Someone edits a tenant's email in QuickBooks; a two-way sync brings it back and pushes nothing.
      const tenantId = String((records.find((r) => r.type === "tenant")!.data as { id: string }).id);
      await editInQuickBooks(run, target, "Customer", tenantId, {
        PrimaryEmailAddr: { Address: "edited@example.com" },
      });

      const second = await api(run, "POST", "/sync", org, { direction: "both" });
      assert.equal(second.status, 202);
      await run.service.worker.runOnce();
      const secondJob = (await api(run, "GET", `/sync/jobs/${second.body.data.id}`, org)).body.data;
      assert.equal(secondJob.status, "succeeded", JSON.stringify(secondJob));
      assert.equal(secondJob.result.pull.tenantsUpdated, 1);
      assert.equal(secondJob.result.push.write_calls, 0, "QBO's edit is not pushed back");
      const tenant = (await api(run, "GET", `/records/tenant/${tenantId}`, org)).body.data;
      assert.equal(JSON.stringify(tenant).includes("edited@example.com"), true);
      const events = (await api(run, "GET", "/sync/events", org)).body.data;
      assert.deepEqual(events.map((e: { event: string; record_ids: string[] }) => [e.event, e.record_ids]), [
        ["quickbooks.edited", [tenantId]],
      ]);
      assert.deepEqual((await api(run, "GET", "/sync/reviews", org)).body.data, []);

      const history = (await api(run, "GET", "/sync/jobs", org)).body.data;
      assert.deepEqual(history.map((j: { id: string }) => j.id), [second.body.data.id, queued.body.data.id]);
    } finally {
      await run.close();
    }
  },
});
