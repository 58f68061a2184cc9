import { createRoute, z } from "@hono/zod-openapi";
import { requires, unscopedOnly } from "../access.ts";
import { raises } from "../error_responses.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { eventBody } from "../../../domain/events/event_body.ts";
import { EVENT_CATALOGUE, EVENT_TYPES } from "../../../domain/events/catalogue.ts";
import type { OutboundEvent } from "../../../domain/ports/event_outbox.ts";

/** What the event feed needs from the application. */
export interface EventFeedServices {
  readEventFeed(
    caller: Caller,
    query: { after: number; limit: number; types?: readonly string[] },
  ): Promise<{ items: readonly OutboundEvent[]; nextCursor: number | null; lastSeq: number }>;
}

/** An outbound event as the feed and every webhook delivery's body show it. */
export const OutboundEventSchema = z.object({
  id: z.string().openapi({ description: "`evt_…`: the `webhook-id` of every delivery of this event" }),
  type: z.enum(EVENT_TYPES as [string, ...string[]]),
  sequence: z.number().int().openapi({ description: "The organization's event number: from 1, no gaps" }),
  organization_id: z.string(),
  timestamp: z.string().openapi({
    description: "When the change happened (ISO-8601), as Standard Webhooks has it",
  }),
  occurred_at: z.string().openapi({ description: "When the change happened (ISO-8601): the same instant" }),
  data: z.record(z.string(), z.unknown()).openapi({
    description: "The type's payload (see the `webhooks` section of this document)",
  }),
}).openapi("OutboundEvent");

/** `connection.needs_reauthorization` -> `ConnectionNeedsReauthorizationEvent`. */
function schemaName(type: string): string {
  return type.split(/[._]/).map((w) => w[0].toUpperCase() + w.slice(1)).join("") + "Event";
}

const DeliveryHeaders = z.object({
  "webhook-id": z.string().openapi({ description: "The event id (`evt_…`): the same on every retry" }),
  "webhook-timestamp": z.string().openapi({ description: "Unix seconds of this attempt" }),
  "webhook-signature": z.string().openapi({
    description: "Space-separated `v1,<base64 HMAC-SHA256>` signatures (Standard Webhooks), two while a " +
      "secret rotates",
  }),
});

/**
 * The catalogue in the document's `webhooks` section (OpenAPI 3.1): one entry per event type, the
 * body a receiver gets with that type's payload, and the Standard Webhooks headers.
 */
function registerEventWebhooks(api: ApiApp): void {
  for (const type of EVENT_TYPES) {
    const payload = EVENT_CATALOGUE[type];
    api.openAPIRegistry.registerWebhook({
      method: "post",
      path: type,
      tags: ["events"],
      summary: `The ${type} event`,
      description: payload.description,
      request: {
        headers: DeliveryHeaders,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: OutboundEventSchema.extend({ type: z.literal(type), data: payload }).openapi(
                schemaName(type),
              ),
            },
          },
        },
      },
      responses: {
        200: { description: "Any 2xx acknowledges the delivery; anything else is retried on the schedule" },
        410: { description: "Gone: the endpoint is disabled at once" },
      },
    });
  }
}

export function registerEventFeedRoutes(api: ApiApp, services: EventFeedServices, now: () => Date): void {
  registerEventWebhooks(api);
  api.openapi(
    createRoute({
      method: "get",
      path: "/events",
      tags: ["events"],
      summary:
        "The organization's outbound events in sequence order (the same events webhook endpoints receive)",
      description:
        "Read after the last sequence number you saw (`after`) until `next_cursor` is null: a receiver " +
        "that was down fills any gap this way and can check it saw every number up to `last_seq`. " +
        "Organization-wide: a property-scoped caller is refused.",
      ...requires("sync:read"),
      ...unscopedOnly("sync:read"),
      ...raises("VALIDATION_FAILED"),
      request: {
        query: z.object({
          after: z.coerce.number().int().min(0).default(0).openapi({
            description: "Sequence number to read after",
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          types: z.string().min(1).optional().openapi({
            description: "Comma-separated event types to keep (all when absent)",
            example: "quickbooks.payment.received,sync.run.failed",
          }),
        }),
      },
      responses: {
        200: {
          description: "A page of events",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({
                  items: z.array(OutboundEventSchema),
                  next_cursor: z.number().int().nullable(),
                  last_seq: z.number().int(),
                }).openapi("OutboundEventPage"),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await services.readEventFeed(c.get("caller"), {
        after: query.after,
        limit: query.limit,
        ...(query.types === undefined ? {} : { types: query.types.split(",").map((t) => t.trim()) }),
      });
      return c.json(
        successEnvelope({
          items: page.items.map(eventBody),
          next_cursor: page.nextCursor,
          last_seq: page.lastSeq,
        }, now()),
        200,
      );
    },
  );
}
