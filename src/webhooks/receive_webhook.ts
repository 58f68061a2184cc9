import { DomainError, type ErrorCode } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import { NO_METRICS, type ServiceMetrics } from "../../domain/ports/metrics.ts";
import type {
  WebhookDecoder,
  WebhookEvent,
  WebhookInbox,
  WebhookRejection,
} from "../../domain/ports/webhook_inbox.ts";

export interface ReceiveWebhookDeps {
  readonly decoder: WebhookDecoder;
  readonly inbox: WebhookInbox;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Told which entities changed in which realm once the events are stored (cached reference
   * lists go stale). Best effort: a failure is logged, the delivery is still acknowledged.
   */
  readonly onEntitiesChanged?: (realmId: string, entityNames: readonly string[]) => Promise<void>;
  /** Deliveries accepted and rejected (by reason), events stored and duplicate. */
  readonly metrics?: ServiceMetrics;
}

const REJECTION_CODES: Readonly<Record<WebhookRejection, ErrorCode>> = {
  missing_signature: "WEBHOOK_SIGNATURE_INVALID",
  invalid_signature: "WEBHOOK_SIGNATURE_INVALID",
  payload_too_large: "PAYLOAD_TOO_LARGE",
  unsupported_media_type: "UNSUPPORTED_MEDIA_TYPE",
  malformed_payload: "VALIDATION_FAILED",
};

/**
 * Intake of one QuickBooks webhook delivery: verify and parse, store the events in the inbox in
 * one transaction (duplicates skipped), and return at once; the sync engine processes them later,
 * per realm in event-time order. Rejections are logged with their reason and raised as typed
 * errors (QBO then retries, which a forged sender cannot exploit).
 */
export async function receiveWebhook(
  deps: ReceiveWebhookDeps,
  delivery: {
    readonly rawBody: Uint8Array;
    readonly signature: string | null;
    readonly contentType: string | null;
  },
): Promise<{ stored: number; duplicates: number }> {
  const metrics = deps.metrics ?? NO_METRICS;
  const decoded = await deps.decoder.decode(delivery);
  if (!decoded.accepted) {
    metrics.webhookRejected(decoded.reason);
    const mediaType = decoded.mediaType === undefined ? {} : { media_type: decoded.mediaType };
    deps.logger.warn("quickbooks webhook rejected", {
      reason: decoded.reason,
      bytes: delivery.rawBody.length,
      ...mediaType,
    });
    throw new DomainError(REJECTION_CODES[decoded.reason], rejectionMessage(decoded.reason), {
      reason: decoded.reason,
      ...mediaType,
    });
  }
  const result = await deps.inbox.storeAll(decoded.events, deps.clock.now());
  metrics.webhookAccepted(result);
  if (deps.onEntitiesChanged) await announceChanges(deps.onEntitiesChanged, deps.logger, decoded.events);
  deps.logger.info("quickbooks webhook stored", {
    events: decoded.events.length,
    stored: result.stored,
    duplicates: result.duplicates,
    realms: [...new Set(decoded.events.map((event) => event.realmId))],
  });
  return result;
}

function rejectionMessage(reason: WebhookRejection): string {
  return reason === "unsupported_media_type"
    ? "QuickBooks webhook rejected: unsupported_media_type (send the JSON body as application/json, " +
      "application/cloudevents+json, application/cloudevents-batch+json or without a Content-Type)"
    : `QuickBooks webhook rejected: ${reason}`;
}

async function announceChanges(
  onEntitiesChanged: NonNullable<ReceiveWebhookDeps["onEntitiesChanged"]>,
  logger: Logger,
  events: readonly WebhookEvent[],
): Promise<void> {
  const byRealm = new Map<string, Set<string>>();
  for (const event of events) {
    byRealm.set(event.realmId, (byRealm.get(event.realmId) ?? new Set()).add(event.entityName));
  }
  for (const [realmId, names] of byRealm) {
    try {
      await onEntitiesChanged(realmId, [...names].sort());
    } catch (error) {
      logger.warn("quickbooks webhook: changed entities could not be announced", {
        realm_id: realmId,
        error_code: (error as { code?: unknown }).code ?? "UNKNOWN",
      });
    }
  }
}
