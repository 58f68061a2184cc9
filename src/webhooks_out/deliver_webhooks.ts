/**
 * Delivery of outbound events to webhook endpoints (issue 17), in the worker:
 * - `dispatchWebhookEvents` moves each enabled endpoint's cursor over its organization's outbox and
 *   queues one delivery per new event of the types it takes, in one unit of work (the cursor moves
 *   by compare-and-set and a scheduled delivery's key is its endpoint and event, so two workers
 *   dispatching at once queue each event once);
 * - `deliverDueWebhooks` claims due deliveries under a lease and sends them, signed per the
 *   Standard Webhooks specification, retrying failures on RETRY_SCHEDULE_MS with jitter. A 410 Gone
 *   disables the endpoint at once; an endpoint whose deliveries have failed without a success for
 *   `disableAfterMs` is disabled too; either way `webhook_endpoint.disabled` is emitted (and so
 *   delivered to the organization's other endpoints) and audited.
 */
import type { ServiceMetrics } from "../../domain/ports/metrics.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { eventBody } from "../../domain/events/event_body.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { EventOutbox, OutboundEvent } from "../../domain/ports/event_outbox.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { IpAddresses } from "../../domain/ports/ip_addresses.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type {
  AttemptOutcome,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryRepository,
} from "../../domain/ports/webhook_deliveries.ts";
import type { WebhookEndpointRepository } from "../../domain/ports/webhook_endpoints.ts";
import type { WebhookResponse, WebhookSender } from "../../domain/ports/webhook_sender.ts";
import type { SecretSealer, WebhookSigning } from "../../domain/ports/webhook_signing.ts";
import { retryDelayAfter, unitFromId } from "../../domain/webhooks/delivery_schedule.ts";
import {
  signingSecrets,
  takesType,
  type TargetPolicy,
  type WebhookEndpoint,
} from "../../domain/webhooks/webhook_endpoint.ts";
import { auditOfEndpoint, checkTarget, openSecrets } from "./webhook_endpoints.ts";

export interface WebhookDeliverySettings {
  /** Time limit of one attempt (WEBHOOK_ATTEMPT_TIMEOUT_MS). */
  readonly attemptTimeoutMs: number;
  /** Failing without a success this long disables an endpoint (WEBHOOK_DISABLE_AFTER_DAYS). */
  readonly disableAfterMs: number;
  /** Deliveries one call of deliverDueWebhooks sends at most. */
  readonly batchSize: number;
}

export interface WebhookDeliveryDependencies {
  readonly endpoints: WebhookEndpointRepository;
  readonly deliveries: WebhookDeliveryRepository;
  readonly outbox: Pick<EventOutbox, "list" | "getMany">;
  readonly signing: Pick<WebhookSigning, "sign">;
  readonly sealer: SecretSealer;
  readonly sender: WebhookSender;
  readonly addresses: Pick<IpAddresses, "canonicalAddress" | "inRanges">;
  readonly targets: TargetPolicy;
  readonly emit: EmitEvent;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
  readonly settings: WebhookDeliverySettings;
  /** Each attempt's outcome and duration (GET /metrics). */
  readonly metrics: Pick<ServiceMetrics, "outboundDelivery">;
}

/** Events one endpoint's cursor moves over per dispatch round. */
const DISPATCH_BATCH = 200;
/** Endpoints one dispatch round looks at. */
const DISPATCH_ENDPOINTS = 1000;
/** Room a lease leaves past the attempt's time limit (signing, recording). */
const LEASE_MARGIN_MS = 30_000;
const ACTOR = "system:webhooks";

/** The body every delivery of an event carries: the event as the feed shows it (README, Webhooks out). */
export function webhookBody(event: OutboundEvent): string {
  return JSON.stringify(eventBody(event));
}

/** Queues the events after each enabled endpoint's cursor that it takes; answers how many. */
export async function dispatchWebhookEvents(
  deps: Pick<
    WebhookDeliveryDependencies,
    "endpoints" | "deliveries" | "outbox" | "atomically" | "clock" | "ids"
  >,
): Promise<{ readonly queued: number }> {
  let queued = 0;
  for (const endpoint of await deps.endpoints.listEnabled(DISPATCH_ENDPOINTS)) {
    const events = await deps.outbox.list(endpoint.orgId, {
      afterSeq: endpoint.cursorSeq,
      limit: DISPATCH_BATCH,
    });
    if (events.length === 0) continue;
    const now = deps.clock.now().toISOString();
    queued += await deps.atomically(async () => {
      const moved = await deps.endpoints.advanceCursor(
        endpoint.id,
        endpoint.cursorSeq,
        events[events.length - 1].seq,
      );
      if (!moved) return 0;
      return await deps.deliveries.enqueue(
        events.filter((e) => takesType(endpoint, e.type)).map((event) => ({
          id: deps.ids.newId(),
          orgId: endpoint.orgId,
          endpointId: endpoint.id,
          eventId: event.id,
          eventSeq: event.seq,
          trigger: "scheduled" as const,
          dedupeKey: `scheduled:${endpoint.id}:${event.id}`,
          nextAttemptAt: now,
          createdAt: now,
        })),
      );
    });
  }
  return { queued };
}

/**
 * Disables an endpoint the service gave up on (`gone`: it answered 410; `failing`: it failed for
 * days), cancels its pending deliveries, audits it and emits `webhook_endpoint.disabled`, together.
 */
export async function disableWebhookEndpoint(
  deps: Pick<WebhookDeliveryDependencies, "endpoints" | "deliveries" | "emit" | "audit" | "atomically">,
  endpoint: WebhookEndpoint,
  reason: "gone" | "failing",
  now: string,
): Promise<void> {
  await deps.atomically(async () => {
    const disabled = await deps.endpoints.disable(endpoint.orgId, endpoint.id, reason, now);
    if (!disabled) return;
    await deps.deliveries.cancelPending(endpoint.orgId, endpoint.id, now);
    await deps.audit({
      orgId: endpoint.orgId,
      at: now,
      actor: ACTOR,
      action: "webhook_endpoint.disabled",
      target: `webhook_endpoint:${endpoint.id}`,
      details: auditOfEndpoint(disabled),
      requestId: null,
    });
    await deps.emit(endpoint.orgId, "webhook_endpoint.disabled", {
      endpoint_id: endpoint.id,
      url: endpoint.url,
      reason: reason === "gone"
        ? "the endpoint answered 410 Gone"
        : "the endpoint's deliveries failed without a success for days",
      link: `/webhook-endpoints/${endpoint.id}`,
    }, now);
  });
}

async function attemptDelivery(
  deps: WebhookDeliveryDependencies,
  endpoint: WebhookEndpoint,
  event: OutboundEvent,
): Promise<WebhookResponse> {
  const problem = await checkTarget(deps, endpoint.url);
  if (problem !== null) {
    return { statusCode: null, durationMs: 0, error: `target refused: url ${problem}`, body: "" };
  }
  const now = deps.clock.now();
  const body = webhookBody(event);
  const secrets = signingSecrets(await openSecrets(deps, endpoint), now);
  const signature = secrets.map((secret) => deps.signing.sign(secret, event.id, now, body)).join(" ");
  return await deps.sender.send({
    url: endpoint.url,
    headers: {
      "content-type": "application/json",
      "user-agent": "EstateCore-QuickBooks-Webhooks/1",
      "webhook-id": event.id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body,
    timeoutMs: deps.settings.attemptTimeoutMs,
  });
}

type Result = "succeeded" | "retry" | "failed" | "cancelled" | "lease_lost";

/** Sends one claimed delivery and records what became of it. */
async function deliverClaimed(
  deps: WebhookDeliveryDependencies,
  workerId: string,
  delivery: WebhookDelivery,
): Promise<Result> {
  const finish = async (attempt: WebhookAttempt | null, outcome: AttemptOutcome): Promise<Result> => {
    const recorded = await deps.deliveries.finish(
      delivery,
      workerId,
      attempt,
      outcome,
      deps.clock.now().toISOString(),
    );
    if (!recorded) {
      deps.logger.warn("webhook delivery lease lost", { delivery_id: delivery.id, worker_id: workerId });
      return "lease_lost";
    }
    return outcome.kind;
  };
  const endpoint = await deps.endpoints.get(delivery.orgId, delivery.endpointId);
  const [event] = await deps.outbox.getMany(delivery.orgId, [delivery.eventId]);
  if (!endpoint || !endpoint.enabled || !event) {
    const cancelled = await finish(null, { kind: "cancelled" });
    deps.metrics.outboundDelivery(cancelled, null);
    return cancelled;
  }

  const attemptedAt = deps.clock.now().toISOString();
  const response = await attemptDelivery(deps, endpoint, event);
  const now = deps.clock.now();
  const succeeded = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
  const number = delivery.attempts + 1;
  const attempt: WebhookAttempt = {
    id: deps.ids.newId(),
    orgId: delivery.orgId,
    endpointId: endpoint.id,
    deliveryId: delivery.id,
    eventId: event.id,
    eventType: event.type,
    attempt: number,
    trigger: delivery.trigger,
    attemptedAt,
    statusCode: response.statusCode,
    durationMs: response.durationMs,
    error: succeeded ? null : (response.error ?? `answered ${response.statusCode}`),
    responseBody: response.body,
    succeeded,
  };
  const gone = response.statusCode === 410;
  let outcome: AttemptOutcome;
  if (succeeded) outcome = { kind: "succeeded" };
  else if (gone) outcome = { kind: "failed" };
  else {
    const delay = retryDelayAfter(number, unitFromId(deps.ids.newId()));
    outcome = delay === null
      ? { kind: "failed" }
      : { kind: "retry", retryAt: new Date(now.getTime() + delay).toISOString() };
  }
  const result = await finish(attempt, outcome);
  deps.metrics.outboundDelivery(result, response.durationMs / 1000);
  if (result === "lease_lost") return result;
  deps.logger.info("webhook delivery attempt", {
    org_id: delivery.orgId,
    endpoint_id: endpoint.id,
    delivery_id: delivery.id,
    event_id: event.id,
    attempt: number,
    status_code: response.statusCode,
    duration_ms: response.durationMs,
    outcome: outcome.kind,
  });
  const at = now.toISOString();
  if (succeeded) {
    if (endpoint.failingSince !== null) {
      await deps.endpoints.update(endpoint.orgId, endpoint.id, { failingSince: null }, at);
    }
  } else if (gone) {
    await disableWebhookEndpoint(deps, endpoint, "gone", at);
  } else if (endpoint.failingSince === null) {
    await deps.endpoints.update(endpoint.orgId, endpoint.id, { failingSince: attemptedAt }, at);
  } else if (now.getTime() - Date.parse(endpoint.failingSince) >= deps.settings.disableAfterMs) {
    await disableWebhookEndpoint(deps, endpoint, "failing", at);
  }
  return result;
}

/**
 * Claims and sends due deliveries, up to the batch size, one at a time under a lease of the
 * attempt's time limit and a margin. Answers what became of them.
 */
export async function deliverDueWebhooks(
  deps: WebhookDeliveryDependencies,
  workerId: string,
): Promise<Readonly<Record<Result, number>>> {
  const counts: Record<Result, number> = { succeeded: 0, retry: 0, failed: 0, cancelled: 0, lease_lost: 0 };
  const leaseMs = deps.settings.attemptTimeoutMs + LEASE_MARGIN_MS;
  for (let i = 0; i < deps.settings.batchSize; i++) {
    const delivery = await deps.deliveries.claim(workerId, leaseMs, deps.clock.now().toISOString());
    if (!delivery) break;
    counts[await deliverClaimed(deps, workerId, delivery)] += 1;
  }
  return counts;
}

/** One round of the worker's webhook task: dispatch new events, then send what is due. */
export async function runWebhookDelivery(
  deps: WebhookDeliveryDependencies,
  workerId: string,
): Promise<Readonly<Record<string, number>>> {
  const { queued } = await dispatchWebhookEvents(deps);
  return { queued, ...await deliverDueWebhooks(deps, workerId) };
}
