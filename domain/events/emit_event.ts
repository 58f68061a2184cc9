import type { EventOutbox } from "../ports/event_outbox.ts";
import { EVENT_CATALOGUE, type EventData, type EventType } from "./catalogue.ts";

/**
 * Announces that something happened: appends the event to the organization's outbox, in the
 * caller's unit of work (so it commits with the change that caused it). Use cases emit; delivery
 * to webhook endpoints and the `GET /events` feed read the outbox.
 */
export type EmitEvent = <T extends EventType>(
  orgId: string,
  type: T,
  data: EventData<T>,
  occurredAt: string,
) => Promise<void>;

/**
 * The emitter over an outbox. Each payload is checked against its type's schema first: a payload
 * that does not match the published catalogue is a programming error and fails the operation
 * rather than reach a receiver.
 *
 * @example
 * ```ts
 * const emit = outboxEmitter(outbox);
 * await emit("org-1", "connection.disconnected",
 *   { realm_id: "9341", revoked_at_intuit: true, link: "/status" }, "2026-06-01T12:00:00.000Z");
 * ```
 */
export function outboxEmitter(outbox: Pick<EventOutbox, "append">): EmitEvent {
  return async (orgId, type, data, occurredAt) => {
    const checked = EVENT_CATALOGUE[type].parse(data) as Record<string, unknown>;
    await outbox.append({ orgId, type, occurredAt, data: checked });
  };
}
