import type { OutboundEvent } from "../ports/event_outbox.ts";

/**
 * An event as receivers see it, in a webhook delivery's body and in the `GET /events` feed alike:
 * `type` and `timestamp` as the Standard Webhooks convention has them, our id and sequence number
 * so a receiver can dedupe and check it saw every event, and the type's payload.
 */
export interface EventBody {
  readonly id: string;
  readonly type: string;
  readonly sequence: number;
  readonly organization_id: string;
  /** When the change happened: Standard Webhooks' `timestamp` convention and our `occurred_at`. */
  readonly timestamp: string;
  readonly occurred_at: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export function eventBody(event: OutboundEvent): EventBody {
  return {
    id: event.id,
    type: event.type,
    sequence: event.seq,
    organization_id: event.orgId,
    timestamp: event.occurredAt,
    occurred_at: event.occurredAt,
    data: event.data,
  };
}
