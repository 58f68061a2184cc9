import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { EVENT_TYPES } from "../../../domain/events/catalogue.ts";
import type { WebhookAttempt } from "../../../domain/ports/webhook_deliveries.ts";
import type { WebhookEndpoint } from "../../../domain/webhooks/webhook_endpoint.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { raises } from "../error_responses.ts";

/** The terms of an endpoint as the routes pass them on. */
export interface WebhookEndpointTermsInput {
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
}

export interface IssuedSecretView {
  readonly endpoint: WebhookEndpoint;
  readonly secret: string;
  readonly previousSecretValidUntil: string | null;
}

export type ReplayInput =
  | { readonly kind: "range"; readonly from: string; readonly to: string }
  | { readonly kind: "ids"; readonly eventIds: readonly string[] };

/** What the webhook endpoint routes need from the application (use cases, injected). */
export interface WebhookEndpointServices {
  create(caller: Caller, terms: WebhookEndpointTermsInput, requestId: string): Promise<IssuedSecretView>;
  list(caller: Caller): Promise<WebhookEndpoint[]>;
  get(caller: Caller, id: string): Promise<WebhookEndpoint>;
  update(caller: Caller, id: string, change: Partial<WebhookEndpointTermsInput>, requestId: string): Promise<
    WebhookEndpoint
  >;
  delete(caller: Caller, id: string, requestId: string): Promise<void>;
  rotateSecret(caller: Caller, id: string, requestId: string): Promise<IssuedSecretView>;
  attempts(
    caller: Caller,
    id: string,
    page: { before?: string; limit: number },
  ): Promise<{ items: WebhookAttempt[]; nextCursor: string | null }>;
  replay(caller: Caller, id: string, selection: ReplayInput, requestId: string): Promise<
    { queued: number; eventIds: string[] }
  >;
  recover(caller: Caller, id: string, since: string, requestId: string): Promise<
    { queued: number; eventIds: string[] }
  >;
}

const TAG = "webhook-endpoints";

const EventTypeSchema = z.enum(EVENT_TYPES as [string, ...string[]]).openapi("WebhookEventType", {
  description: "A type of the event catalogue (the OpenAPI document's `webhooks`)",
});

const WebhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  event_types: z.array(z.string()).openapi({ description: "Types delivered; empty: every type" }),
  enabled: z.boolean(),
  disabled_reason: z.enum(["gone", "failing"]).nullable().openapi({
    description: "Why the service disabled it: `gone` (it answered 410), `failing` (its deliveries failed " +
      "without a success for WEBHOOK_DISABLE_AFTER_DAYS); null when enabled or disabled by a person",
  }),
  failing_since: z.string().nullable().openapi({ description: "Since when its deliveries have failed" }),
  secret_rotated_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("WebhookEndpoint");

const IssuedSecretSchema = z.object({
  endpoint: WebhookEndpointSchema,
  secret: z.string().openapi({
    description: "The signing secret (`whsec_` and base64), shown this once (stored sealed): verify " +
      "deliveries with it (README, Webhooks out)",
  }),
  previous_secret_valid_until: z.string().nullable().openapi({
    description: "After a rotation: until when the replaced secret signs too (a second signature)",
  }),
}).openapi("WebhookEndpointSecret");

const url = z.url().max(2048).openapi({
  description: "Where events are POSTed: https in production; private, loopback and link-local addresses " +
    "refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS (VALIDATION_FAILED `target_not_allowed`)",
});
const description = z.string().max(500);
const eventTypes = z.array(EventTypeSchema).max(EVENT_TYPES.length).openapi({
  description: "Only these types; empty or absent: every type",
});

const CreateSchema = z.strictObject({
  url,
  description: description.default(""),
  event_types: eventTypes.default([]),
  enabled: z.boolean().default(true),
}).openapi("WebhookEndpointRequest");

const UpdateSchema = z.strictObject({
  url: url.optional(),
  description: description.optional(),
  event_types: eventTypes.optional(),
  enabled: z.boolean().optional().openapi({
    description: "true enables it again (clearing `disabled_reason`); false stops its deliveries",
  }),
}).openapi("WebhookEndpointChange");

const instant = z.iso.datetime({ offset: true });

const ReplaySchema = z.strictObject({
  from: instant.optional().openapi({ description: "With `to`: events at or after this instant" }),
  to: instant.optional().openapi({ description: "With `from`: events before this instant" }),
  event_ids: z.array(z.string().min(1).max(80)).min(1).max(1000).optional().openapi({
    description: "Instead of a range: these events",
  }),
}).superRefine((body, ctx) => {
  const range = body.from !== undefined || body.to !== undefined;
  if (range === (body.event_ids !== undefined)) {
    ctx.addIssue({ code: "custom", path: [], message: "send either from and to, or event_ids" });
  } else if (range && (body.from === undefined || body.to === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [body.from === undefined ? "from" : "to"],
      message: "a range needs from and to",
    });
  }
}).openapi("WebhookReplay");

const RecoverSchema = z.strictObject({ since: instant }).openapi("WebhookRecover");

const QueuedSchema = z.object({
  queued: z.number().int(),
  event_ids: z.array(z.string()),
}).openapi("WebhookQueued");

const AttemptSchema = z.object({
  id: z.string(),
  attempted_at: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  delivery_id: z.string(),
  attempt: z.number().int().openapi({ description: "1 for a delivery's first attempt" }),
  trigger: z.enum(["scheduled", "manual", "replay"]),
  status_code: z.number().int().nullable().openapi({ description: "Null when no answer came" }),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  response_body: z.string().openapi({ description: "The first 4 KiB of the answer" }),
  succeeded: z.boolean(),
}).openapi("WebhookAttempt");

const Params = z.object({ endpoint_id: z.string().min(1).max(64) });

function endpointToApi(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    event_types: [...e.eventTypes],
    enabled: e.enabled,
    disabled_reason: e.disabledReason as "gone" | "failing" | null,
    failing_since: e.failingSince,
    secret_rotated_at: e.secretRotatedAt,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

const issuedToApi = (i: IssuedSecretView) => ({
  endpoint: endpointToApi(i.endpoint),
  secret: i.secret,
  previous_secret_valid_until: i.previousSecretValidUntil,
});

function attemptToApi(a: WebhookAttempt) {
  return {
    id: a.id,
    attempted_at: a.attemptedAt,
    event_id: a.eventId,
    event_type: a.eventType,
    delivery_id: a.deliveryId,
    attempt: a.attempt,
    trigger: a.trigger,
    status_code: a.statusCode,
    duration_ms: a.durationMs,
    error: a.error,
    response_body: a.responseBody,
    succeeded: a.succeeded,
  };
}

const queuedToApi = (q: { queued: number; eventIds: string[] }) => ({
  queued: q.queued,
  event_ids: q.eventIds,
});

export function registerWebhookEndpointRoutes(
  api: ApiApp,
  services: WebhookEndpointServices,
  now: () => Date,
): void {
  const one = { "application/json": { schema: envelopeOf(WebhookEndpointSchema) } };
  const issued = { "application/json": { schema: envelopeOf(IssuedSecretSchema) } };
  const queued = { "application/json": { schema: envelopeOf(QueuedSchema) } };
  const json = <T>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

  api.openapi(
    createRoute({
      method: "post",
      path: "/webhook-endpoints",
      tags: [TAG],
      summary: "Register a webhook endpoint (its signing secret is answered this once)",
      description: "Events that happen from now on are POSTed to it, signed per the Standard Webhooks " +
        "specification (README, Webhooks out). Audited (`webhook_endpoint.created`, never the secret).",
      ...requires("webhooks:manage"),
      request: { body: json(CreateSchema) },
      responses: { 201: { description: "The endpoint and its secret", content: issued } },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await services.create(c.get("caller"), {
        url: body.url,
        description: body.description,
        eventTypes: body.event_types,
        enabled: body.enabled,
      }, c.get("requestId"));
      return c.json(successEnvelope(issuedToApi(result), now()), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/webhook-endpoints",
      tags: [TAG],
      summary: "The organization's webhook endpoints (never their secrets)",
      ...requires("webhooks:manage"),
      responses: {
        200: {
          description: "Endpoints, oldest first",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({ items: z.array(WebhookEndpointSchema) }).openapi("WebhookEndpointList"),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const items = await services.list(c.get("caller"));
      return c.json(successEnvelope({ items: items.map(endpointToApi) }, now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/webhook-endpoints/{endpoint_id}",
      tags: [TAG],
      summary: "One webhook endpoint",
      ...requires("webhooks:manage"),
      ...raises("NOT_FOUND"),
      request: { params: Params },
      responses: { 200: { description: "The endpoint", content: one } },
    }),
    async (c) => {
      const endpoint = await services.get(c.get("caller"), c.req.valid("param").endpoint_id);
      return c.json(successEnvelope(endpointToApi(endpoint), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "patch",
      path: "/webhook-endpoints/{endpoint_id}",
      tags: [TAG],
      summary: "Change a webhook endpoint's url, description, event types or enabled flag",
      description: "Disabling cancels its pending deliveries (`POST .../recover` sends them later). " +
        "Audited (`webhook_endpoint.updated`, before and after).",
      ...requires("webhooks:manage"),
      ...raises("NOT_FOUND"),
      request: { params: Params, body: json(UpdateSchema) },
      responses: { 200: { description: "The endpoint", content: one } },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const endpoint = await services.update(c.get("caller"), c.req.valid("param").endpoint_id, {
        ...(body.url === undefined ? {} : { url: body.url }),
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.event_types === undefined ? {} : { eventTypes: body.event_types }),
        ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
      }, c.get("requestId"));
      return c.json(successEnvelope(endpointToApi(endpoint), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/webhook-endpoints/{endpoint_id}",
      tags: [TAG],
      summary: "Delete a webhook endpoint with its deliveries and attempt log",
      description: "Audited (`webhook_endpoint.deleted`).",
      ...requires("webhooks:manage"),
      ...raises("NOT_FOUND"),
      request: { params: Params },
      responses: {
        200: {
          description: "Deleted",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({ id: z.string(), deleted: z.literal(true) }).openapi("WebhookEndpointDeleted"),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const id = c.req.valid("param").endpoint_id;
      await services.delete(c.get("caller"), id, c.get("requestId"));
      return c.json(successEnvelope({ id, deleted: true as const }, now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/webhook-endpoints/{endpoint_id}/rotate-secret",
      tags: [TAG],
      summary: "Give a webhook endpoint a new signing secret; the old one also signs for 24 h",
      description: "The new secret is answered this once. For 24 hours `webhook-signature` carries a " +
        "signature under each secret, so the receiver can switch without missing a delivery. Audited " +
        "(`webhook_endpoint.secret_rotated`).",
      ...requires("webhooks:manage"),
      ...raises("NOT_FOUND"),
      request: { params: Params },
      responses: { 200: { description: "The endpoint and its new secret", content: issued } },
    }),
    async (c) => {
      const result = await services.rotateSecret(
        c.get("caller"),
        c.req.valid("param").endpoint_id,
        c.get("requestId"),
      );
      return c.json(successEnvelope(issuedToApi(result), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/webhook-endpoints/{endpoint_id}/attempts",
      tags: [TAG],
      summary: "The endpoint's delivery attempts, newest first",
      description: "Page with `before` = `next_cursor`.",
      ...requires("webhooks:manage"),
      ...raises("NOT_FOUND"),
      request: {
        params: Params,
        query: z.object({
          before: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "Attempts",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({ items: z.array(AttemptSchema), next_cursor: z.string().nullable() }).openapi(
                  "WebhookAttemptList",
                ),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const page = await services.attempts(c.get("caller"), c.req.valid("param").endpoint_id, {
        ...(q.before === undefined ? {} : { before: q.before }),
        limit: q.limit,
      });
      return c.json(
        successEnvelope({ items: page.items.map(attemptToApi), next_cursor: page.nextCursor }, now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/webhook-endpoints/{endpoint_id}/replay",
      tags: [TAG],
      summary: "Send events to the endpoint again: a time range or a list of event ids",
      description: "Each keeps its event id (`webhook-id`), so a receiver drops what it has seen; at most " +
        "1000 events (trigger `replay`). Audited (`webhook_endpoint.replayed`).",
      ...requires("webhooks:manage"),
      ...raises("NOT_FOUND", "CONFLICT"),
      request: { params: Params, body: json(ReplaySchema) },
      responses: { 202: { description: "Queued", content: queued } },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const selection: ReplayInput = body.event_ids !== undefined
        ? { kind: "ids", eventIds: body.event_ids }
        : { kind: "range", from: new Date(body.from!).toISOString(), to: new Date(body.to!).toISOString() };
      const result = await services.replay(
        c.get("caller"),
        c.req.valid("param").endpoint_id,
        selection,
        c.get("requestId"),
      );
      return c.json(successEnvelope(queuedToApi(result), now()), 202);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/webhook-endpoints/{endpoint_id}/recover",
      tags: [TAG],
      summary: "Send again every event whose delivery failed for good since a time",
      description:
        "Deliveries whose retry schedule was spent, or that were cancelled when the endpoint was " +
        "disabled, finished at or after `since` (trigger `manual`). Audited (`webhook_endpoint.recovered`).",
      ...requires("webhooks:manage"),
      ...raises("NOT_FOUND", "CONFLICT"),
      request: { params: Params, body: json(RecoverSchema) },
      responses: { 202: { description: "Queued", content: queued } },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await services.recover(
        c.get("caller"),
        c.req.valid("param").endpoint_id,
        new Date(body.since).toISOString(),
        c.get("requestId"),
      );
      return c.json(successEnvelope(queuedToApi(result), now()), 202);
    },
  );
}
