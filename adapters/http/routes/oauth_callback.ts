import { createRoute, z } from "@hono/zod-openapi";
import { PUBLIC } from "../access.ts";
import { QUICKBOOKS_CALL_ERRORS, raises } from "../error_responses.ts";
import type { ApiApp } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { type ConnectionStatusData, ConnectionStatusSchema, toStatusApi } from "./connections.ts";

/** What the OAuth redirect needs: the completion use case (it trusts only the state). */
export interface OAuthCallbackServices {
  completeConnection(
    callback: { state?: string; code?: string; realmId?: string; error?: string },
  ): Promise<ConnectionStatusData>;
}

/**
 * `GET /oauth/callback`: Intuit redirects the user's browser here. It carries no bearer token;
 * the single-use state identifies the organization and user that started the flow.
 */
export function registerOAuthCallbackRoute(
  api: ApiApp,
  services: OAuthCallbackServices,
  now: () => Date,
): void {
  api.openapi(
    createRoute({
      method: "get",
      path: "/oauth/callback",
      ...PUBLIC,
      ...raises("OAUTH_STATE_INVALID", ...QUICKBOOKS_CALL_ERRORS),
      tags: ["connections"],
      summary: "OAuth redirect target (no authentication: the single-use state authenticates it)",
      request: {
        query: z.object({
          state: z.string().max(512).optional(),
          code: z.string().max(512).optional(),
          realmId: z.string().max(64).optional(),
          error: z.string().max(200).optional(),
        }),
      },
      responses: {
        200: {
          description: "Connected",
          content: { "application/json": { schema: envelopeOf(ConnectionStatusSchema) } },
        },
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const view = await services.completeConnection(query);
      return c.json(successEnvelope(toStatusApi(view), now()), 200);
    },
  );
}
