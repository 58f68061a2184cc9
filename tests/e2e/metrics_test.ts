/**
 * GET /metrics end to end: its own credential (neither a JWT nor nothing gets in), and scrapes
 * taken before, during and after a push of the demo portfolio (150 tenants; 500 with
 * METRICS_PUSH_PROPERTIES=10) through the HTTP API,
 * the worker and the built-in emulator, read with an independent Prometheus text-format parser:
 * the counters move while the push runs, and no label takes more values than there are
 * organizations and realms configured (no raw path, record id or job id ever becomes a label).
 */
import assert from "node:assert/strict";
import { samplePortfolio } from "../../src/demo/sample_portfolio.ts";
import { METRICS_PATH } from "../../adapters/http/metrics_route.ts";
import {
  api,
  connect,
  connectWithMappings,
  type Running,
  startService,
  token,
} from "../support/e2e_service.ts";
import {
  labelValues,
  type MetricFamily,
  parseExposition,
  sampleValue,
  sumOf,
} from "../support/prometheus_text.ts";

/** The sync job's type (SYNC_JOB of src/sync/sync_jobs.ts, which must load after the HTTP adapter's zod). */
const SYNC_JOB = "sync.run";

/**
 * 150 tenants (3 properties of 50 units) over a month of activity: about 16 batch calls, inside
 * QuickBooks' 40 batches a minute, so the push takes seconds. The 500-tenant shape of the portfolio
 * tests (METRICS_PUSH_PROPERTIES=10) needs ~52 batches, so the realm's rate budget makes it wait
 * out a minute (the waits show in estatecore_quickbooks_rate_budget_waits_total): ~65 s.
 */
const SHAPE = {
  properties: Number(Deno.env.get("METRICS_PUSH_PROPERTIES") ?? "3"),
  unitsPerProperty: 50,
  months: 1,
  bills: true,
};

async function scrape(run: Running, bearer = run.service.config.metrics.token) {
  const response = await fetch(`${run.base}${METRICS_PATH}`, {
    headers: { Authorization: `Bearer ${bearer}` },
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** Posts the portfolio through bulk intake in requests under the intake's item limit. */
async function loadPortfolio(run: Running, org: string) {
  const records = samplePortfolio(SHAPE).map((r) => ({
    type: r.recordType,
    data: { ...r.data, ...(r.recordType === "property" ? { organization_id: org } : {}) },
  }));
  for (let i = 0; i < records.length; i += 4000) {
    const intake = await api(run, "POST", "/records/bulk", org, { records: records.slice(i, i + 4000) });
    assert.equal(intake.status, 200, JSON.stringify(intake.body).slice(0, 300));
  }
  return records;
}

Deno.test({
  name:
    "GET /metrics answers only its own bearer token: 401 without one, with a wrong one, or with an API JWT",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const none = await fetch(`${run.base}/metrics`);
      assert.equal(none.status, 401);
      assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="metrics"');
      const body = await none.json();
      assert.equal(body.success, false);
      assert.equal(body.error.code, "AUTH_MISSING_TOKEN");

      const wrong = await fetch(`${run.base}/metrics`, {
        headers: { Authorization: `Bearer ${run.service.config.metrics.token}x` },
      });
      assert.equal(wrong.status, 401);
      assert.equal((await wrong.json()).error.code, "AUTH_INVALID_TOKEN");

      const jwt = await fetch(`${run.base}/metrics`, {
        headers: { Authorization: `Bearer ${await token("org-m", "admin")}` },
      });
      assert.equal(jwt.status, 401, "an API token, even an admin's, is not the metrics credential");
      assert.equal((await jwt.json()).error.code, "AUTH_INVALID_TOKEN");

      const lost = await fetch(`${run.base}/api/quickbooks/no/such/route/12345`);
      assert.equal(lost.status, 404);
      await lost.body?.cancel();
      const families = await scrape(run);
      assert.equal(
        sampleValue(families, "estatecore_http_requests_total", {
          method: "GET",
          route: "unmatched",
          status: "404",
        }),
        1,
        "a path no route matched is counted as unmatched, never under its raw path",
      );
      assert.ok(families.some((f) => f.name === "estatecore_http_requests_total"));
      assert.equal(
        sampleValue(families, "estatecore_http_requests_total", {
          method: "GET",
          route: "/metrics",
          status: "401",
        }),
        3,
        "the refused scrapes are counted under the route's template",
      );
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name:
    "GET /metrics during a push of the demo portfolio: counters move, the queue shows the running job, labels stay bounded",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      // Two organizations, each with a company of its own: two realms the labels may name.
      const orgs = ["org-metrics-a", "org-metrics-b"];
      const realms: string[] = [];
      for (const org of orgs) {
        assert.equal((await api(run, "PUT", "/organization", org, { name: org })).status, 201);
      }
      const pushed = await connectWithMappings(run, orgs[0]);
      assert.equal(pushed.status, 200);
      realms.push(pushed.target.realmId);
      const { realmId } = run.service.emulator!.companies.createCompany({ companyName: "Second Owner LLC" });
      assert.equal((await connect(run, orgs[1], realmId)).status, 200);
      realms.push(realmId);
      const [org] = orgs;
      const records = await loadPortfolio(run, org);
      // A forged webhook: rejected, and counted by reason.
      const forged = await fetch(`${run.base}/api/quickbooks/webhooks`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "intuit-signature": "bm90IGEgc2lnbmF0dXJl" },
        body: JSON.stringify({ eventNotifications: [] }),
      });
      assert.equal(forged.status, 401);
      await forged.body?.cancel();

      const before = await scrape(run);
      const queued = await api(run, "POST", "/sync", org, { direction: "push" });
      assert.equal(queued.status, 202);
      const jobId: string = queued.body.data.id;
      assert.equal(
        sampleValue(await scrape(run), "estatecore_job_queue_depth", {
          job_type: SYNC_JOB,
          status: "queued",
        }),
        1,
      );

      const started = performance.now();
      let finished = false;
      const push = run.service.worker.runOnce().finally(() => finished = true);
      const during: MetricFamily[][] = [];
      while (!finished) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        if (!finished) during.push(await scrape(run));
      }
      assert.equal(await push, true);
      const seconds = (performance.now() - started) / 1000;
      const job = (await api(run, "GET", `/sync/jobs/${jobId}`, org)).body.data;
      const after = await scrape(run);
      assert.equal(job.status, "succeeded", JSON.stringify(job).slice(0, 500));

      const synced = (f: MetricFamily[]) =>
        sampleValue(f, "estatecore_sync_records_total", { outcome: "synced" });
      const batches = (f: MetricFamily[]) =>
        sumOf(f, "estatecore_quickbooks_requests_total", {
          operation: "batch",
          outcome: "ok",
          realm: realms[0],
        });
      const midway = during.filter((f) => synced(f) > synced(before) && synced(f) < synced(after));
      const waits = sumOf(after, "estatecore_quickbooks_rate_budget_waits_total", { realm: realms[0] });
      console.log(
        `metrics: ${
          SHAPE.properties * SHAPE.unitsPerProperty
        } tenants, ${records.length} records pushed in ` +
          `${seconds.toFixed(1)} s, ${during.length} scrapes during the push (${midway.length} midway), ` +
          `${synced(after)} records synced, ${batches(after)} batch calls, ${waits} rate-budget waits`,
      );
      assert.ok(
        midway.length > 0,
        "a scrape while the push runs shows it part-way (counted after each batch)",
      );
      assert.ok(
        during.some((f) =>
          sampleValue(f, "estatecore_job_queue_depth", { job_type: SYNC_JOB, status: "running" }) === 1
        ),
        "the running job is in the queue depth while it runs",
      );
      assert.equal(synced(before), 0);
      assert.equal(
        synced(after),
        job.progress.done,
        "records synced are counted as the job's progress counts them",
      );
      assert.equal(sampleValue(after, "estatecore_sync_records_total", { outcome: "failed" }), 0);
      assert.ok(batches(after) > batches(before) && batches(after) >= job.result.push.write_calls);
      assert.equal(
        sampleValue(after, "estatecore_job_runs_total", { job_type: SYNC_JOB, outcome: "succeeded" }),
        1,
      );
      assert.equal(
        sampleValue(after, "estatecore_job_queue_depth", { job_type: SYNC_JOB, status: "running" }),
        0,
      );
      assert.equal(
        sampleValue(after, "estatecore_quickbooks_circuit_state", { realm: realms[0], state: "closed" }),
        1,
      );
      assert.equal(
        sampleValue(after, "estatecore_webhook_rejections_total", { reason: "invalid_signature" }),
        1,
      );
      assert.ok(
        sampleValue(after, "estatecore_http_requests_total", {
          method: "POST",
          route: "/api/quickbooks/records/bulk",
          status: "200",
        }) >= Math.ceil(records.length / 4000),
      );
      assert.equal(
        sampleValue(after, "estatecore_http_requests_total", {
          method: "GET",
          route: "/api/quickbooks/sync/jobs/:job_id",
          status: "200",
        }),
        1,
        "a route with an id is counted under its template",
      );

      // Bounded labels: realms no more than those connected, no raw path, job id or record id anywhere.
      const values = labelValues(after);
      const realmValues = [...values.get("realm") ?? []];
      assert.deepEqual(realmValues.sort(), [...realms].sort(), "the connected realms, no more");
      assert.ok(!values.has("org") && !values.has("org_id"), "organizations are not a label");
      assert.deepEqual([...values.get("job_type")!], [SYNC_JOB]);
      const recordIds = new Set(records.map((r) => String((r.data as { id: unknown }).id)));
      for (const [label, set] of values) {
        for (const value of set) {
          assert.ok(!value.includes(jobId), `${label}=${value} names a job`);
          assert.ok(!recordIds.has(value), `${label}=${value} is a record id`);
          if (label === "route") {
            assert.ok(
              value === "unmatched" || value === "/metrics" || value.startsWith("/api/"),
              `${value} is a route template`,
            );
            assert.doesNotMatch(value, /\/org-metrics|\/\d{3,}|\/[0-9a-f-]{36}/, `${value} carries an id`);
          }
        }
      }
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name: "GET /metrics past METRICS_MAX_LABELLED_REALMS counts the later realms as other",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({}, { METRICS_MAX_LABELLED_REALMS: "1" });
    try {
      const realms: string[] = [];
      for (const org of ["org-cap-a", "org-cap-b", "org-cap-c"]) {
        assert.equal((await api(run, "PUT", "/organization", org, { name: org })).status, 201);
        const { realmId } = run.service.emulator!.companies.createCompany({ companyName: `${org} LLC` });
        assert.equal((await connect(run, org, realmId)).status, 200);
        realms.push(realmId);
      }
      assert.equal(new Set(realms).size, 3);
      const families = await scrape(run);
      assert.deepEqual([...labelValues(families).get("realm")!].sort(), [realms[0], "other"].sort());
      const calls = (realm: string) => sumOf(families, "estatecore_quickbooks_requests_total", { realm });
      assert.ok(
        calls(realms[0]) > 0 && calls("other") > calls(realms[0]),
        "the two later realms' calls, together",
      );
    } finally {
      await run.close();
    }
  },
});
