import { requireVisible } from "../../domain/access/authorize.ts";
import type { Caller } from "../../domain/access/caller.ts";
import { DomainError } from "../../domain/errors.ts";
import { isEventType } from "../../domain/events/catalogue.ts";
import type { EventOutbox, OutboundEvent } from "../../domain/ports/event_outbox.ts";

export interface EventPage {
  readonly items: readonly OutboundEvent[];
  /** The sequence number to read after for the next page; null when this page reached the end. */
  readonly nextCursor: number | null;
  /** The organization's last sequence number when the page was read. */
  readonly lastSeq: number;
}

/**
 * The organization's outbound events after a sequence number (`GET /events`): the same events the
 * webhook endpoints receive, so a receiver that was down can fill any gap and check it saw every
 * number. Events are organization-wide (they name records of every property), so a
 * property-scoped caller is refused. Unknown event types in the filter are VALIDATION_FAILED.
 */
export async function readEventFeed(
  deps: { readonly outbox: Pick<EventOutbox, "list" | "lastSeq"> },
  caller: Caller,
  query: { readonly after: number; readonly limit: number; readonly types?: readonly string[] },
): Promise<EventPage> {
  requireVisible(caller, "sync:read", null);
  const unknown = (query.types ?? []).filter((t) => !isEventType(t));
  if (unknown.length > 0) {
    throw new DomainError("VALIDATION_FAILED", `Unknown event types: ${unknown.join(", ")}`, {
      issues: unknown.map((t) => ({
        path: "query.types",
        message: `${t} is not an event type`,
        code: "invalid_value",
      })),
    });
  }
  const lastSeq = await deps.outbox.lastSeq(caller.orgId);
  const items = await deps.outbox.list(caller.orgId, {
    afterSeq: query.after,
    limit: query.limit,
    ...(query.types === undefined ? {} : { types: query.types }),
  });
  const reachedEnd = items.length < query.limit || items.at(-1)!.seq >= lastSeq;
  return { items, nextCursor: reachedEnd ? null : items.at(-1)!.seq, lastSeq };
}
