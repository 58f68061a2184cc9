import { createRoute, z } from "@hono/zod-openapi";
import { PUBLIC } from "../access.ts";
import { raises } from "../error_responses.ts";
import type { ApiApp } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";

/** What the webhook route needs: the intake use case over the raw delivery. */
export interface WebhookServices {
  receiveWebhook(
    delivery: { rawBody: Uint8Array; signature: string | null; contentType: string | null },
  ): Promise<{ stored: number; duplicates: number }>;
}

/**
 * `POST /webhooks`: QuickBooks change notifications. No JWT: the `intuit-signature` HMAC over the
 * raw body authenticates it, so the body is read as bytes and never re-serialized, whatever JSON
 * media type it declares. Events are stored and acknowledged at once; the sync engine processes
 * them later.
 */
export function registerWebhookRoute(api: ApiApp, services: WebhookServices, now: () => Date): void {
  api.openapi(
    createRoute({
      method: "post",
      path: "/webhooks",
      ...PUBLIC,
      ...raises("WEBHOOK_SIGNATURE_INVALID", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"),
      tags: ["webhooks"],
      summary: "QuickBooks webhook intake (legacy eventNotifications or CloudEvents; signed, no JWT)",
      description: "The `intuit-signature` HMAC over the raw body authenticates the delivery (401 " +
        "`WEBHOOK_SIGNATURE_INVALID` otherwise, whatever its media type). The format is read from the " +
        "body: a legacy `eventNotifications` object, a CloudEvents array, or one structured CloudEvent. " +
        "Any JSON media type is taken for either format: `application/json`, " +
        "`application/cloudevents+json`, `application/cloudevents-batch+json` (or another " +
        "`application/*+json`), or no `Content-Type`; a signed body declared as something else " +
        "(`text/xml`, `text/plain`, ...) is 415 `UNSUPPORTED_MEDIA_TYPE` with `details.media_type`.",
      request: {
        headers: z.object({ "intuit-signature": z.string().optional() }),
      },
      responses: {
        200: {
          description: "Stored (duplicates are acknowledged and ignored)",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({ stored: z.number().int(), duplicates: z.number().int() }).openapi(
                  "WebhookReceipt",
                ),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const rawBody = new Uint8Array(await c.req.arrayBuffer());
      const result = await services.receiveWebhook({
        rawBody,
        signature: c.req.header("intuit-signature") ?? null,
        contentType: c.req.header("content-type") ?? null,
      });
      return c.json(successEnvelope(result, now()), 200);
    },
  );
}
