/**
 * Deliveries of outbound events to webhook endpoints and the log of their attempts. A delivery is
 * claimed under a lease (compare-and-set, as jobs are): of several workers exactly one holds it,
 * and an attempt whose worker died is claimed again once its lease has passed.
 */
export type DeliveryTrigger = "scheduled" | "manual" | "replay";
export type DeliveryStatus = "pending" | "delivering" | "succeeded" | "failed" | "cancelled";

export interface WebhookDelivery {
  readonly id: string;
  readonly orgId: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventSeq: number;
  readonly trigger: DeliveryTrigger;
  readonly status: DeliveryStatus;
  /** Attempts made so far. */
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
  readonly createdAt: string;
}

export interface NewWebhookDelivery {
  readonly id: string;
  readonly orgId: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventSeq: number;
  readonly trigger: DeliveryTrigger;
  /** One live delivery per key: a scheduled delivery's is its endpoint and event. */
  readonly dedupeKey: string;
  readonly nextAttemptAt: string;
  readonly createdAt: string;
}

export interface WebhookAttempt {
  readonly id: string;
  readonly orgId: string;
  readonly endpointId: string;
  readonly deliveryId: string;
  readonly eventId: string;
  readonly eventType: string;
  /** 1 for a delivery's first attempt. */
  readonly attempt: number;
  readonly trigger: DeliveryTrigger;
  readonly attemptedAt: string;
  /** The receiver's HTTP status, or null when none came (timeout, refused, blocked). */
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  /** The start of the response body (a few KiB at most). */
  readonly responseBody: string;
  readonly succeeded: boolean;
}

/** What became of an attempt: done, tried again at `retryAt`, or given up. */
export type AttemptOutcome =
  | { readonly kind: "succeeded" }
  | { readonly kind: "retry"; readonly retryAt: string }
  | { readonly kind: "failed" }
  | { readonly kind: "cancelled" };

export interface WebhookDeliveryRepository {
  /** Adds deliveries; one whose dedupe key is taken is left out. Answers how many were added. */
  enqueue(deliveries: readonly NewWebhookDelivery[]): Promise<number>;
  /** The next due delivery (pending and due, or delivering with its lease passed), leased to `workerId`. */
  claim(workerId: string, leaseMs: number, now: string): Promise<WebhookDelivery | null>;
  /**
   * Records the attempt and its outcome, if `workerId` still holds the lease; false (nothing
   * recorded) when the lease passed to another worker.
   */
  finish(
    delivery: WebhookDelivery,
    workerId: string,
    attempt: WebhookAttempt | null,
    outcome: AttemptOutcome,
    now: string,
  ): Promise<boolean>;
  /**
   * An endpoint's attempts, newest first, before the cursor `before` (an attempt id); null when
   * `before` names no attempt of the endpoint.
   */
  listAttempts(
    orgId: string,
    endpointId: string,
    page: { before?: string; limit: number },
  ): Promise<WebhookAttempt[] | null>;
  /** Ids of the events whose deliveries to the endpoint ended `failed` or `cancelled` at or after `since`. */
  failedEventIds(orgId: string, endpointId: string, since: string): Promise<string[]>;
  /** Cancels the endpoint's pending deliveries (it was disabled). */
  cancelPending(orgId: string, endpointId: string, now: string): Promise<number>;
}
