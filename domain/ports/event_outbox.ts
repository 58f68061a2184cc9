/**
 * Outbound events (issue 17): what happened that a platform integrating with us wants to be told,
 * one gap-free sequence per organization. An event is appended in the same unit of work as the
 * change that caused it (see unit_of_work.ts), so none is lost when a worker dies and none exists
 * for a change that rolled back. Delivery to webhook endpoints reads this log; so does the feed
 * (`GET /events`).
 */
export interface OutboundEvent {
  /** `evt_` and a unique id: the Standard Webhooks `webhook-id` of every delivery of it. */
  readonly id: string;
  readonly orgId: string;
  /** Position in the organization's event sequence, from 1, without gaps. */
  readonly seq: number;
  /** A type of the catalogue (domain/events/catalogue.ts), e.g. `sync.run.completed`. */
  readonly type: string;
  /** ISO-8601 instant the change happened. */
  readonly occurredAt: string;
  /** The type's payload: ids on both sides, amounts in cents, failure codes, a link. */
  readonly data: Readonly<Record<string, unknown>>;
}

export type NewOutboundEvent = Pick<OutboundEvent, "orgId" | "type" | "occurredAt" | "data">;

export interface EventQuery {
  readonly afterSeq?: number;
  /** Only these types (all when absent). */
  readonly types?: readonly string[];
  /** Events at or after this instant. */
  readonly from?: string;
  /** Events before this instant. */
  readonly to?: string;
  readonly limit: number;
}

export interface EventOutbox {
  /** Appends in the caller's unit of work (its own transaction when there is none). */
  append(event: NewOutboundEvent): Promise<OutboundEvent>;
  /** The organization's events in sequence order. */
  list(orgId: string, query: EventQuery): Promise<OutboundEvent[]>;
  /** The events of the organization with these ids (unknown ids are left out), in sequence order. */
  getMany(orgId: string, ids: readonly string[]): Promise<OutboundEvent[]>;
  /** The last sequence number of the organization (0 before its first event). */
  lastSeq(orgId: string): Promise<number>;
}
