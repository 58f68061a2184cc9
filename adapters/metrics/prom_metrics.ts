import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { JobQueueDepth } from "../../domain/ports/job_queue.ts";
import type { CircuitStatus } from "../../domain/ports/quickbooks_gateway.ts";
import type {
  JobRunOutcome,
  OutboundDeliveryOutcome,
  QuickBooksOperation,
  ServiceMetrics,
  StopTimer,
  SyncRecordOutcome,
  TokenRefreshOutcome,
} from "../../domain/ports/metrics.ts";
import type { WebhookRejection } from "../../domain/ports/webhook_inbox.ts";

/** The label value of every realm past the configured cap. */
export const OTHER_REALMS = "other";

const CIRCUIT_STATES: readonly CircuitStatus[] = ["closed", "open", "half_open", "isolated"];
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const QUICKBOOKS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const JOB_BUCKETS = [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

export interface PromMetricsOptions {
  /** Realms that get a label value of their own (first come); later ones are counted as `other`. */
  readonly maxLabelledRealms: number;
}

/**
 * The metrics port in Prometheus terms (prom-client), on a registry of its own: several services
 * in one process (tests) never share series. Names follow Prometheus conventions: base units,
 * `_total` for counters, `_seconds` for durations, one `estatecore_` prefix.
 */
export class PromMetrics implements ServiceMetrics {
  readonly registry = new Registry();
  readonly #realms = new Set<string>();
  readonly #maxRealms: number;
  readonly #httpRequests: Counter<"method" | "route" | "status">;
  readonly #httpDuration: Histogram<"method" | "route" | "status">;
  readonly #qboRequests: Counter<"operation" | "outcome" | "realm">;
  readonly #qboDuration: Histogram<"operation" | "outcome">;
  readonly #qboThrottled: Counter<"realm">;
  readonly #qboRetries: Counter<"operation" | "realm">;
  readonly #circuit: Gauge<"realm" | "state">;
  readonly #budgetWaits: Counter<"realm" | "kind">;
  readonly #budgetWaitSeconds: Counter<"realm" | "kind">;
  readonly #jobRuns: Counter<"job_type" | "outcome">;
  readonly #jobDuration: Histogram<"job_type" | "outcome">;
  readonly #queueDepth: Gauge<"job_type" | "status">;
  readonly #collectionErrors: Counter<"collector">;
  readonly #webhookDeliveries: Counter<"outcome">;
  readonly #webhookRejections: Counter<"reason">;
  readonly #webhookEvents: Counter<"result">;
  readonly #syncRecords: Counter<"outcome">;
  readonly #tokenRefreshes: Counter<"outcome">;
  readonly #outboundDeliveries: Counter<"outcome">;
  readonly #outboundDeliverySeconds: Histogram;
  #readQueueDepth: (() => Promise<readonly JobQueueDepth[]>) | null = null;

  constructor(options: PromMetricsOptions) {
    this.#maxRealms = options.maxLabelledRealms;
    const registers = [this.registry];
    this.#httpRequests = new Counter({
      name: "estatecore_http_requests_total",
      help: "HTTP requests served, by method, matched route template and status.",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.#httpDuration = new Histogram({
      name: "estatecore_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by method, matched route template and status.",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.#qboRequests = new Counter({
      name: "estatecore_quickbooks_requests_total",
      help:
        "HTTP exchanges with QuickBooks (each attempt), by operation, outcome (ok or error code) and realm.",
      labelNames: ["operation", "outcome", "realm"],
      registers,
    });
    this.#qboDuration = new Histogram({
      name: "estatecore_quickbooks_request_duration_seconds",
      help: "Latency of one HTTP exchange with QuickBooks, by operation and outcome.",
      labelNames: ["operation", "outcome"],
      buckets: QUICKBOOKS_BUCKETS,
      registers,
    });
    this.#qboThrottled = new Counter({
      name: "estatecore_quickbooks_throttled_total",
      help: "QuickBooks answers with HTTP 429 (throttled), by realm.",
      labelNames: ["realm"],
      registers,
    });
    this.#qboRetries = new Counter({
      name: "estatecore_quickbooks_retries_total",
      help: "QuickBooks calls attempted again after a retryable failure, by operation and realm.",
      labelNames: ["operation", "realm"],
      registers,
    });
    this.#circuit = new Gauge({
      name: "estatecore_quickbooks_circuit_state",
      help: "The circuit breaker state of each realm: 1 for its current state, 0 for the others.",
      labelNames: ["realm", "state"],
      registers,
    });
    this.#budgetWaits = new Counter({
      name: "estatecore_quickbooks_rate_budget_waits_total",
      help: "Times a QuickBooks call waited for its realm's rate budget, by realm and budget kind.",
      labelNames: ["realm", "kind"],
      registers,
    });
    this.#budgetWaitSeconds = new Counter({
      name: "estatecore_quickbooks_rate_budget_wait_seconds_total",
      help: "Time QuickBooks calls spent waiting for their realm's rate budget, by realm and budget kind.",
      labelNames: ["realm", "kind"],
      registers,
    });
    this.#jobRuns = new Counter({
      name: "estatecore_job_runs_total",
      help: "Background job runs, by job type and outcome.",
      labelNames: ["job_type", "outcome"],
      registers,
    });
    this.#jobDuration = new Histogram({
      name: "estatecore_job_duration_seconds",
      help: "Duration of background job runs, by job type and outcome.",
      labelNames: ["job_type", "outcome"],
      buckets: JOB_BUCKETS,
      registers,
    });
    this.#queueDepth = new Gauge({
      name: "estatecore_job_queue_depth",
      help: "Jobs queued or running, by job type, read from the job store at scrape time.",
      labelNames: ["job_type", "status"],
      registers,
    });
    this.#collectionErrors = new Counter({
      name: "estatecore_metrics_collection_errors_total",
      help: "Scrape-time collections that failed (their series are left out of that scrape).",
      labelNames: ["collector"],
      registers,
    });
    this.#webhookDeliveries = new Counter({
      name: "estatecore_webhook_deliveries_total",
      help: "QuickBooks webhook deliveries received, by outcome (accepted or rejected).",
      labelNames: ["outcome"],
      registers,
    });
    this.#webhookRejections = new Counter({
      name: "estatecore_webhook_rejections_total",
      help: "QuickBooks webhook deliveries rejected, by reason.",
      labelNames: ["reason"],
      registers,
    });
    this.#webhookEvents = new Counter({
      name: "estatecore_webhook_events_total",
      help:
        "Events of accepted QuickBooks webhook deliveries, by result (stored, or duplicate of one stored).",
      labelNames: ["result"],
      registers,
    });
    this.#syncRecords = new Counter({
      name: "estatecore_sync_records_total",
      help: "EstateCore records pushed to QuickBooks, by outcome.",
      labelNames: ["outcome"],
      registers,
    });
    this.#tokenRefreshes = new Counter({
      name: "estatecore_token_refreshes_total",
      help: "OAuth token refreshes of QuickBooks connections, by outcome.",
      labelNames: ["outcome"],
      registers,
    });
    this.#outboundDeliveries = new Counter({
      name: "estatecore_outbound_webhook_deliveries_total",
      help:
        "Outbound webhook delivery attempts to endpoints, by outcome (succeeded, retry, failed, cancelled, " +
        "lease_lost).",
      labelNames: ["outcome"],
      registers,
    });
    this.#outboundDeliverySeconds = new Histogram({
      name: "estatecore_outbound_webhook_delivery_duration_seconds",
      help: "Time from sending an outbound webhook to the endpoint's answer (or the time limit).",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  /**
   * The exposition of every series, and its media type, for `GET /metrics`. The queue depth is read
   * first (a failed read shows in this very scrape's error counter), then every series is written.
   */
  async render(): Promise<{ contentType: string; body: string }> {
    await this.#readDepth();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  httpRequest(request: { method: string; route: string; status: number; seconds: number }): void {
    const labels = {
      method: METHODS.has(request.method) ? request.method : "other",
      route: request.route,
      status: String(request.status),
    };
    this.#httpRequests.inc(labels);
    this.#httpDuration.observe(labels, request.seconds);
  }

  quickbooksCall(
    call: {
      operation: QuickBooksOperation;
      realmId: string;
      outcome: string;
      status: number;
      seconds: number;
    },
  ): void {
    const realm = this.#realm(call.realmId);
    this.#qboRequests.inc({ operation: call.operation, outcome: call.outcome, realm });
    this.#qboDuration.observe({ operation: call.operation, outcome: call.outcome }, call.seconds);
    if (call.status === 429) this.#qboThrottled.inc({ realm });
  }

  quickbooksRetry(retry: { operation: QuickBooksOperation; realmId: string }): void {
    this.#qboRetries.inc({ operation: retry.operation, realm: this.#realm(retry.realmId) });
  }

  circuitState(realmId: string, state: CircuitStatus): void {
    const realm = this.#realm(realmId);
    // Realms folded into `other` share one series: the last change of any of them shows.
    for (const s of CIRCUIT_STATES) this.#circuit.set({ realm, state: s }, s === state ? 1 : 0);
  }

  rateBudgetWait(wait: { realmId: string; kind: string; seconds: number }): void {
    const labels = { realm: this.#realm(wait.realmId), kind: wait.kind };
    this.#budgetWaits.inc(labels);
    this.#budgetWaitSeconds.inc(labels, wait.seconds);
  }

  jobStarted(jobType: string): StopTimer<JobRunOutcome> {
    const started = performance.now();
    return (outcome) => {
      this.#jobRuns.inc({ job_type: jobType, outcome });
      this.#jobDuration.observe({ job_type: jobType, outcome }, (performance.now() - started) / 1000);
    };
  }

  collectJobQueueDepth(read: () => Promise<readonly JobQueueDepth[]>): void {
    this.#readQueueDepth = read;
  }

  webhookAccepted(result: { stored: number; duplicates: number }): void {
    this.#webhookDeliveries.inc({ outcome: "accepted" });
    this.#webhookEvents.inc({ result: "stored" }, result.stored);
    this.#webhookEvents.inc({ result: "duplicate" }, result.duplicates);
  }

  webhookRejected(reason: WebhookRejection): void {
    this.#webhookDeliveries.inc({ outcome: "rejected" });
    this.#webhookRejections.inc({ reason });
  }

  syncRecords(outcome: SyncRecordOutcome, count: number): void {
    if (count > 0) this.#syncRecords.inc({ outcome }, count);
  }

  tokenRefresh(outcome: TokenRefreshOutcome): void {
    this.#tokenRefreshes.inc({ outcome });
  }

  outboundDelivery(outcome: OutboundDeliveryOutcome, seconds: number | null): void {
    this.#outboundDeliveries.inc({ outcome });
    if (seconds !== null) this.#outboundDeliverySeconds.observe(seconds);
  }

  /** The realm's own label value while fewer than the cap have one, else `other`. */
  #realm(realmId: string): string {
    if (this.#realms.has(realmId)) return realmId;
    if (this.#realms.size < this.#maxRealms) {
      this.#realms.add(realmId);
      return realmId;
    }
    return OTHER_REALMS;
  }

  async #readDepth(): Promise<void> {
    this.#queueDepth.reset();
    if (this.#readQueueDepth === null) return;
    try {
      for (const row of await this.#readQueueDepth()) {
        this.#queueDepth.set({ job_type: row.jobType, status: row.status }, row.count);
      }
    } catch {
      this.#collectionErrors.inc({ collector: "job_queue_depth" });
    }
  }
}
