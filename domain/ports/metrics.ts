import type { JobQueueDepth } from "./job_queue.ts";
import type { CircuitStatus } from "./quickbooks_gateway.ts";
import type { WebhookRejection } from "./webhook_inbox.ts";

/**
 * What the service counts and times, in its own terms: the use cases and adapters record through
 * this port, and one adapter (adapters/metrics/prom_metrics.ts) turns it into Prometheus series.
 * Every label value is bounded: route templates, never raw paths; operations and outcomes from
 * fixed sets; realm ids capped by configuration (the adapter folds the rest into `other`). No
 * record id, token or request id ever reaches a metric.
 */

/** A QuickBooks call as the client names it: a bounded set, never a path with an id in it. */
export type QuickBooksOperation =
  | "query"
  | "batch"
  | "cdc"
  | "report"
  | "company_info"
  | "preferences"
  | "read"
  | "write"
  | "upload"
  | "other";

/** How one token refresh ended. */
export type TokenRefreshOutcome = "succeeded" | "invalid_grant" | "failed";

/**
 * What became of EstateCore records in a push, counted once per record as the job's progress
 * counts them (`done`, `failed`, and at the end `skipped`): an invoice for three charges is three.
 */
export type SyncRecordOutcome = "synced" | "failed" | "skipped";

/** How one outbound webhook delivery attempt ended (a cancelled delivery's endpoint or event went away). */
export type OutboundDeliveryOutcome = "succeeded" | "retry" | "failed" | "cancelled" | "lease_lost";

/** How one job run ended: the job's completed status, `failed` (requeued or dead), or `lease_lost`. */
export type JobRunOutcome = "succeeded" | "succeeded_with_errors" | "failed" | "lease_lost";

/** Ends a timing started by the port; the adapter measures, so use cases never read a clock for it. */
export type StopTimer<T> = (result: T) => void;

export interface ServiceMetrics {
  /** One HTTP request served: `route` is the matched route template (`/api/quickbooks/sync/jobs/:id`). */
  httpRequest(request: {
    readonly method: string;
    readonly route: string;
    readonly status: number;
    readonly seconds: number;
  }): void;
  /**
   * One HTTP exchange with QuickBooks (each attempt of a retried call is one): `outcome` is `ok`
   * or our error code (QB001..QB008), `status` the HTTP status (0: no answer).
   */
  quickbooksCall(call: {
    readonly operation: QuickBooksOperation;
    readonly realmId: string;
    readonly outcome: string;
    readonly status: number;
    readonly seconds: number;
  }): void;
  /** A QuickBooks call attempted again after a retryable failure. */
  quickbooksRetry(retry: { readonly operation: QuickBooksOperation; readonly realmId: string }): void;
  /** A realm's circuit breaker changed state. */
  circuitState(realmId: string, state: CircuitStatus): void;
  /** The realm's rate budget made a call wait this long before it could be sent. */
  rateBudgetWait(wait: { readonly realmId: string; readonly kind: string; readonly seconds: number }): void;
  /** A job run started; the returned function records its end and duration. */
  jobStarted(jobType: string): StopTimer<JobRunOutcome>;
  /** Reads the queue depth whenever metrics are collected (the store is the truth, not a counter). */
  collectJobQueueDepth(read: () => Promise<readonly JobQueueDepth[]>): void;
  /** A webhook delivery was accepted: how many of its events were new and how many duplicates. */
  webhookAccepted(result: { readonly stored: number; readonly duplicates: number }): void;
  /** A webhook delivery was refused, and why. */
  webhookRejected(reason: WebhookRejection): void;
  /** EstateCore records a push synced (or could not), by outcome. */
  syncRecords(outcome: SyncRecordOutcome, count: number): void;
  /** One OAuth token refresh of a QuickBooks connection. */
  tokenRefresh(outcome: TokenRefreshOutcome): void;
  /** One outbound webhook delivery attempt (issue 17) and, when it was sent, how long it took. */
  outboundDelivery(outcome: OutboundDeliveryOutcome, seconds: number | null): void;
}

/**
 * Records nothing: for components built without metrics (unit tests of one component). The
 * composition root always passes the real adapter.
 *
 * @example
 * ```ts
 * NO_METRICS.syncRecords("synced", 3); // nothing happens
 * NO_METRICS.jobStarted("sync")("succeeded"); // nothing happens
 * ```
 */
export const NO_METRICS: ServiceMetrics = Object.freeze({
  httpRequest: () => {},
  quickbooksCall: () => {},
  quickbooksRetry: () => {},
  circuitState: () => {},
  rateBudgetWait: () => {},
  jobStarted: () => () => {},
  collectJobQueueDepth: () => {},
  webhookAccepted: () => {},
  webhookRejected: () => {},
  syncRecords: () => {},
  tokenRefresh: () => {},
  outboundDelivery: () => {},
});
