import { createRoute, z } from "@hono/zod-openapi";
import type { DomainError } from "../../../domain/errors.ts";
import { PUBLIC } from "../access.ts";
import { QUICKBOOKS_CALL_ERRORS, raises } from "../error_responses.ts";
import type { ApiApp } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { type ConnectionStatusData, ConnectionStatusSchema, toStatusApi } from "./connections.ts";

/**
 * How a callback with a valid state ended. `returnUrl` is the one stored with the state at
 * `POST /connect` (already allow-listed), or null: then the callback answers JSON.
 */
export type OAuthCallbackResult =
  | { readonly status: "connected"; readonly view: ConnectionStatusData; readonly returnUrl: string | null }
  | { readonly status: "denied" | "failed"; readonly error: DomainError; readonly returnUrl: string | null };

/** What the OAuth redirect needs: the completion use case (it trusts only the state). */
export interface OAuthCallbackServices {
  /** @throws DomainError OAUTH_STATE_INVALID when the state is missing, unknown, used or expired. */
  completeConnection(
    callback: { state?: string; code?: string; realmId?: string; error?: string },
  ): Promise<OAuthCallbackResult>;
}

/**
 * The return URL with the outcome in its query: `status` always, `realm_id` when connected, `code`
 * otherwise. Parameters of those names the URL already had are replaced; the rest are kept.
 *
 * @example
 * ```ts
 * returnUrlWithOutcome("https://app.example.com/settings?tab=qbo", { status: "denied", code: "OAUTH_ACCESS_DENIED" });
 * // => "https://app.example.com/settings?tab=qbo&status=denied&code=OAUTH_ACCESS_DENIED"
 * ```
 */
export function returnUrlWithOutcome(
  returnUrl: string,
  outcome:
    | { readonly status: "connected"; readonly realmId: string | null }
    | { readonly status: "denied" | "failed"; readonly code: string },
): string {
  const url = new URL(returnUrl);
  for (const name of ["status", "realm_id", "code"]) url.searchParams.delete(name);
  url.searchParams.set("status", outcome.status);
  if (outcome.status === "connected") {
    if (outcome.realmId !== null) url.searchParams.set("realm_id", outcome.realmId);
  } else {
    url.searchParams.set("code", outcome.code);
  }
  return url.toString();
}

const CALLBACK_DESCRIPTION = [
  "Intuit redirects the user's browser here after the consent page. When `POST /connect` was given",
  "a `return_url`, the callback answers `303 See Other` to it with the outcome as query parameters:",
  "`status=connected&realm_id=<realm>`, `status=denied&code=OAUTH_ACCESS_DENIED` (the user declined),",
  "or `status=failed&code=<error code>` (e.g. OAUTH_AUTHORIZATION_FAILED when Intuit sent another",
  "`error=`, QB002/QB007 when the code exchange failed). Without a return_url it answers JSON: 200",
  "with the connection's status, 403 OAUTH_ACCESS_DENIED, or the failure's code. A missing, unknown,",
  "used or expired `state` is always 400 OAUTH_STATE_INVALID as JSON: there is no trusted return URL.",
].join(" ");

/**
 * `GET /oauth/callback`: Intuit redirects the user's browser here. It carries no bearer token;
 * the single-use state identifies the organization and user that started the flow, and where the
 * user goes next.
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
      ...raises(
        "OAUTH_STATE_INVALID",
        "OAUTH_ACCESS_DENIED",
        "OAUTH_AUTHORIZATION_FAILED",
        ...QUICKBOOKS_CALL_ERRORS,
      ),
      tags: ["connections"],
      summary: "OAuth redirect target (no authentication: the single-use state authenticates it)",
      description: CALLBACK_DESCRIPTION,
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
          description: "Connected (no return_url was given)",
          content: { "application/json": { schema: envelopeOf(ConnectionStatusSchema) } },
        },
        303: {
          description:
            "Back to the return_url given to POST /connect, with `status` and `realm_id` or `code`",
          headers: z.object({
            Location: z.string().openapi({
              example:
                "https://app.estatecore.example/settings/integrations?status=connected&realm_id=9341452000000001",
            }),
          }),
        },
      },
    }),
    async (c) => {
      const result = await services.completeConnection(c.req.valid("query"));
      if (result.returnUrl !== null) {
        c.header("Cache-Control", "no-store");
        c.header("Referrer-Policy", "no-referrer");
        const location = returnUrlWithOutcome(
          result.returnUrl,
          result.status === "connected"
            ? { status: "connected", realmId: result.view.realmId }
            : { status: result.status, code: result.error.code },
        );
        return c.redirect(location, 303);
      }
      if (result.status !== "connected") throw result.error;
      return c.json(successEnvelope(toStatusApi(result.view), now()), 200);
    },
  );
}
