/**
 * What the job worker tells the metrics port and the tracer: one span per run with the job's
 * identity and outcome, the parent of every span its handler opens (a sync's QuickBooks calls);
 * each run's outcome and duration.
 */
import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlAuditLog } from "../../../adapters/persistence/repositories/audit_log_repository.ts";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { sha256Hasher } from "../../../adapters/crypto/sha256_hasher.ts";
import { SqlEventOutbox } from "../../../adapters/persistence/repositories/event_outbox_repository.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import { outboxEmitter } from "../../../domain/events/emit_event.ts";
import { syncRunEvents } from "../../../src/sync/sync_run_events.ts";
import type { Database } from "../../../adapters/persistence/database.ts";
import { PromMetrics } from "../../../adapters/metrics/prom_metrics.ts";
import { sealedAuditTrail } from "../../../domain/audit/audit_trail.ts";
import { DomainError } from "../../../domain/errors.ts";
import { LeaseLostError } from "../../../domain/ports/job_queue.ts";
import { type JobHandler, JobWorker } from "../../../src/worker/job_worker.ts";
import { parseExposition, sampleValue } from "../../support/prometheus_text.ts";
import { recordSpans } from "../../support/span_recorder.ts";

const NOW = "2026-06-01T00:00:00.000Z";

/** What the worker records each run in: the audit trail and the outbox, in one unit of work. */
function recording(database: Database) {
  let n = 0;
  return {
    audit: sealedAuditTrail(new SqlAuditLog(database), sha256Hasher),
    atomically: sqlUnitOfWork(database),
    announce: syncRunEvents(outboxEmitter(new SqlEventOutbox(database, { newId: () => `e-${++n}` }))),
  };
}

Deno.test("JobWorker.runOnce runs each job in a span that parents its handler's spans, and counts each run's outcome", async () => {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  const recorder = recordSpans();
  const metrics = new PromMetrics({ maxLabelledRealms: 5 });
  try {
    let n = 0;
    const jobs = new SqlJobQueue(database, { newId: () => `job-${++n}` });
    const handlers: Record<string, JobHandler> = {
      "demo.push": () =>
        recorder.tracer.inSpan(
          "quickbooks batch",
          { "quickbooks.realm_id": "r1" },
          () => Promise.resolve({}),
        ),
      "demo.refused": () => Promise.reject(new DomainError("QB004", "QuickBooks refused the write")),
      "demo.taken_over": (job, context) => Promise.reject(new LeaseLostError(job.id, context.workerId)),
    };
    const worker = new JobWorker({
      jobs,
      clock: { now: () => new Date(NOW) },
      logger: new JsonLogger({ level: "error", sink: () => {} }),
      workerId: "w1",
      handlers,
      ...recording(database),
      metrics,
      tracer: recorder.tracer,
    });
    for (const jobType of Object.keys(handlers)) {
      await jobs.enqueue({ jobType, orgId: "org-1", realmId: "r1", payload: {} }, NOW);
      assert.equal(await worker.runOnce(), true);
    }

    const spans = recorder.spans();
    const job = spans.find((s) => s.name === "job demo.push")!;
    assert.deepEqual(job.attributes, {
      "job.id": "job-1",
      "job.type": "demo.push",
      "job.attempt": 1,
      "estatecore.org_id": "org-1",
      "quickbooks.realm_id": "r1",
      "worker.id": "w1",
      "job.outcome": "succeeded",
    });
    const call = spans.find((s) => s.name === "quickbooks batch")!;
    assert.equal(call.parentSpanContext?.spanId, job.spanContext().spanId, "the call is the job run's child");
    assert.equal(spans.find((s) => s.name === "job demo.refused")!.attributes["job.outcome"], "failed");
    assert.equal(
      spans.find((s) => s.name === "job demo.taken_over")!.attributes["job.outcome"],
      "lease_lost",
    );

    const f = parseExposition((await metrics.render()).body);
    assert.equal(
      sampleValue(f, "estatecore_job_runs_total", { job_type: "demo.push", outcome: "succeeded" }),
      1,
    );
    assert.equal(
      sampleValue(f, "estatecore_job_runs_total", { job_type: "demo.refused", outcome: "failed" }),
      1,
    );
    assert.equal(
      sampleValue(f, "estatecore_job_runs_total", { job_type: "demo.taken_over", outcome: "lease_lost" }),
      1,
    );
    const durations = (await metrics.registry.getSingleMetric("estatecore_job_duration_seconds")!.get())
      .values
      .filter((v) => (v as { metricName?: string }).metricName === "estatecore_job_duration_seconds_count");
    assert.equal(durations.reduce((total, v) => total + v.value, 0), 3, "every run is timed");
  } finally {
    recorder.close();
    await database.close();
  }
});

Deno.test("JobWorker.runOnce continues the trace of the call that queued the job (its payload's trace_parent)", async () => {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  const recorder = recordSpans();
  try {
    const jobs = new SqlJobQueue(database, { newId: () => "job-1" });
    const worker = new JobWorker({
      jobs,
      clock: { now: () => new Date(NOW) },
      logger: new JsonLogger({ level: "error", sink: () => {} }),
      workerId: "w1",
      handlers: { "demo.push": () => Promise.resolve({}) },
      ...recording(database),
      tracer: recorder.tracer,
    });
    const request = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    await jobs.enqueue({
      jobType: "demo.push",
      orgId: "org-1",
      realmId: null,
      payload: { trace_parent: request },
    }, NOW);
    assert.equal(await worker.runOnce(), true);
    const [run] = recorder.spans();
    assert.equal(run.spanContext().traceId, "0af7651916cd43dd8448eb211c80319c");
    assert.equal(run.parentSpanContext?.spanId, "b7ad6b7169203331");
  } finally {
    recorder.close();
    await database.close();
  }
});
