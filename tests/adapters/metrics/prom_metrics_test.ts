/**
 * The metrics port's contract, on its Prometheus adapter: every recording shows up in the text
 * exposition (read back with an independent parser) under the documented series and labels,
 * realm labels stop at the configured cap, and each instance keeps to its own registry.
 */
import assert from "node:assert/strict";
import { OTHER_REALMS, PromMetrics } from "../../../adapters/metrics/prom_metrics.ts";
import type { JobQueueDepth } from "../../../domain/ports/job_queue.ts";
import { labelValues, parseExposition, sampleValue, sumOf } from "../../support/prometheus_text.ts";

async function scrape(metrics: PromMetrics) {
  const { contentType, body } = await metrics.render();
  assert.match(contentType, /^text\/plain; version=0\.0\.4/);
  return parseExposition(body);
}

/** Count and sum of one histogram series, from the registry's own JSON (the text parser drops labelled histograms' counts). */
async function histogram(metrics: PromMetrics, name: string, labels: Record<string, string>) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name)!;
  const matches = (l: Record<string, unknown>) => Object.entries(labels).every(([k, v]) => l[k] === v);
  const values = metric.values as { metricName?: string; labels: Record<string, unknown>; value: number }[];
  return {
    count: values.find((v) => v.metricName === `${name}_count` && matches(v.labels))?.value ?? 0,
    sum: values.find((v) => v.metricName === `${name}_sum` && matches(v.labels))?.value ?? 0,
  };
}

Deno.test("PromMetrics records each port call as its documented series", async () => {
  const metrics = new PromMetrics({ maxLabelledRealms: 10 });
  metrics.httpRequest({ method: "GET", route: "/api/quickbooks/sync/jobs/:id", status: 200, seconds: 0.02 });
  metrics.httpRequest({ method: "BREW", route: "/api/quickbooks/sync/jobs/:id", status: 404, seconds: 0.01 });
  metrics.quickbooksCall({ operation: "batch", realmId: "r1", outcome: "ok", status: 200, seconds: 0.3 });
  metrics.quickbooksCall({ operation: "batch", realmId: "r1", outcome: "QB003", status: 429, seconds: 0.1 });
  metrics.quickbooksRetry({ operation: "batch", realmId: "r1" });
  metrics.circuitState("r1", "open");
  metrics.rateBudgetWait({ realmId: "r1", kind: "batch", seconds: 1.5 });
  metrics.rateBudgetWait({ realmId: "r1", kind: "batch", seconds: 0.5 });
  metrics.jobStarted("sync")("succeeded");
  metrics.jobStarted("sync")("failed");
  metrics.webhookAccepted({ stored: 3, duplicates: 1 });
  metrics.webhookRejected("invalid_signature");
  metrics.syncRecords("synced", 40);
  metrics.syncRecords("failed", 2);
  metrics.syncRecords("skipped", 0);
  metrics.tokenRefresh("succeeded");
  metrics.tokenRefresh("invalid_grant");
  metrics.outboundDelivery("succeeded", 0.03);
  metrics.outboundDelivery("retry", 0.3);
  metrics.outboundDelivery("cancelled", null);
  const f = await scrape(metrics);

  const get = { method: "GET", route: "/api/quickbooks/sync/jobs/:id", status: "200" };
  assert.equal(sampleValue(f, "estatecore_http_requests_total", get), 1);
  assert.equal(
    sampleValue(f, "estatecore_http_requests_total", { ...get, method: "other", status: "404" }),
    1,
    "an unknown method is folded into other",
  );
  assert.equal((await histogram(metrics, "estatecore_http_request_duration_seconds", get)).sum, 0.02);
  assert.equal(
    sampleValue(f, "estatecore_quickbooks_requests_total", {
      operation: "batch",
      outcome: "ok",
      realm: "r1",
    }),
    1,
  );
  assert.equal(
    sampleValue(f, "estatecore_quickbooks_requests_total", {
      operation: "batch",
      outcome: "QB003",
      realm: "r1",
    }),
    1,
  );
  assert.deepEqual(
    await histogram(metrics, "estatecore_quickbooks_request_duration_seconds", {
      operation: "batch",
      outcome: "ok",
    }),
    { count: 1, sum: 0.3 },
  );
  assert.equal(sampleValue(f, "estatecore_quickbooks_throttled_total", { realm: "r1" }), 1, "only the 429");
  assert.equal(sampleValue(f, "estatecore_quickbooks_retries_total", { operation: "batch", realm: "r1" }), 1);
  assert.equal(sampleValue(f, "estatecore_quickbooks_circuit_state", { realm: "r1", state: "open" }), 1);
  assert.equal(sampleValue(f, "estatecore_quickbooks_circuit_state", { realm: "r1", state: "closed" }), 0);
  assert.equal(
    sampleValue(f, "estatecore_quickbooks_rate_budget_waits_total", { realm: "r1", kind: "batch" }),
    2,
  );
  assert.equal(
    sampleValue(f, "estatecore_quickbooks_rate_budget_wait_seconds_total", { realm: "r1", kind: "batch" }),
    2,
  );
  assert.equal(sampleValue(f, "estatecore_job_runs_total", { job_type: "sync", outcome: "succeeded" }), 1);
  assert.equal(sampleValue(f, "estatecore_job_runs_total", { job_type: "sync", outcome: "failed" }), 1);
  assert.equal(
    (await histogram(metrics, "estatecore_job_duration_seconds", { job_type: "sync", outcome: "failed" }))
      .count,
    1,
  );
  assert.equal(sampleValue(f, "estatecore_webhook_deliveries_total", { outcome: "accepted" }), 1);
  assert.equal(sampleValue(f, "estatecore_webhook_deliveries_total", { outcome: "rejected" }), 1);
  assert.equal(sampleValue(f, "estatecore_webhook_rejections_total", { reason: "invalid_signature" }), 1);
  assert.equal(sampleValue(f, "estatecore_webhook_events_total", { result: "stored" }), 3);
  assert.equal(sampleValue(f, "estatecore_webhook_events_total", { result: "duplicate" }), 1);
  assert.equal(sampleValue(f, "estatecore_sync_records_total", { outcome: "synced" }), 40);
  assert.equal(sampleValue(f, "estatecore_sync_records_total", { outcome: "failed" }), 2);
  assert.equal(sumOf(f, "estatecore_sync_records_total", { outcome: "skipped" }), 0);
  assert.equal(sampleValue(f, "estatecore_token_refreshes_total", { outcome: "succeeded" }), 1);
  assert.equal(sampleValue(f, "estatecore_token_refreshes_total", { outcome: "invalid_grant" }), 1);
  assert.equal(sampleValue(f, "estatecore_outbound_webhook_deliveries_total", { outcome: "succeeded" }), 1);
  assert.equal(sampleValue(f, "estatecore_outbound_webhook_deliveries_total", { outcome: "retry" }), 1);
  assert.equal(sampleValue(f, "estatecore_outbound_webhook_deliveries_total", { outcome: "cancelled" }), 1);
  const sent = await histogram(metrics, "estatecore_outbound_webhook_delivery_duration_seconds", {});
  assert.deepEqual(
    [sent.count, Math.round(sent.sum * 100)],
    [2, 33],
    "a cancelled delivery was not sent: no duration",
  );
});

Deno.test("PromMetrics gives the first maxLabelledRealms realms a label of their own and counts the rest as other", async () => {
  const metrics = new PromMetrics({ maxLabelledRealms: 2 });
  for (const realmId of ["r1", "r2", "r3", "r4", "r1", "r5"]) {
    metrics.quickbooksCall({ operation: "query", realmId, outcome: "ok", status: 200, seconds: 0.01 });
  }
  metrics.circuitState("r9", "half_open");
  const f = await scrape(metrics);
  const ok = { operation: "query", outcome: "ok" };
  assert.equal(sampleValue(f, "estatecore_quickbooks_requests_total", { ...ok, realm: "r1" }), 2);
  assert.equal(sampleValue(f, "estatecore_quickbooks_requests_total", { ...ok, realm: "r2" }), 1);
  assert.equal(sampleValue(f, "estatecore_quickbooks_requests_total", { ...ok, realm: OTHER_REALMS }), 3);
  assert.deepEqual([...labelValues(f).get("realm")!].sort(), ["other", "r1", "r2"]);
  assert.equal(
    sampleValue(f, "estatecore_quickbooks_circuit_state", { realm: "other", state: "half_open" }),
    1,
  );
});

Deno.test("PromMetrics keeps to its own registry: two in one process neither collide nor share series", async () => {
  const one = new PromMetrics({ maxLabelledRealms: 5 });
  const two = new PromMetrics({ maxLabelledRealms: 5 });
  one.tokenRefresh("failed");
  assert.equal(sampleValue(await scrape(one), "estatecore_token_refreshes_total", { outcome: "failed" }), 1);
  assert.equal(sumOf(await scrape(two), "estatecore_token_refreshes_total"), 0);
});

Deno.test("PromMetrics follows Prometheus naming: one prefix, counters end _total, durations in _seconds", async () => {
  const metrics = new PromMetrics({ maxLabelledRealms: 5 });
  const families = await scrape(metrics);
  assert.equal(families.length, 20, "every series is declared up front, before anything is recorded");
  for (const family of families) {
    assert.match(family.name, /^estatecore_[a-z_]+$/);
    assert.notEqual(family.help, "", `${family.name} says what it counts`);
    if (family.type === "COUNTER") assert.match(family.name, /_total$/, family.name);
    if (family.type === "HISTOGRAM") assert.match(family.name, /_seconds$/, family.name);
    assert.doesNotMatch(family.name, /_ms|millis|_total_/, family.name);
  }
});

Deno.test("PromMetrics reads the job queue depth at each scrape, and counts a failing read instead of failing the scrape", async () => {
  const metrics = new PromMetrics({ maxLabelledRealms: 5 });
  let depth: JobQueueDepth[] = [{ jobType: "sync", status: "queued", count: 4 }];
  let failing = false;
  metrics.collectJobQueueDepth(() =>
    failing ? Promise.reject(new Error("database gone")) : Promise.resolve(depth)
  );
  let f = await scrape(metrics);
  assert.equal(sampleValue(f, "estatecore_job_queue_depth", { job_type: "sync", status: "queued" }), 4);
  depth = [{ jobType: "sync", status: "running", count: 1 }];
  f = await scrape(metrics);
  assert.equal(sampleValue(f, "estatecore_job_queue_depth", { job_type: "sync", status: "running" }), 1);
  assert.equal(
    f.find((m) => m.name === "estatecore_job_queue_depth")!.metrics.length,
    1,
    "a type no longer queued is not shown stale",
  );
  failing = true;
  f = await scrape(metrics);
  assert.equal(f.find((m) => m.name === "estatecore_job_queue_depth")!.metrics.length, 0);
  assert.equal(
    sampleValue(f, "estatecore_metrics_collection_errors_total", { collector: "job_queue_depth" }),
    1,
  );
});
