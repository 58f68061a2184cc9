/**
 * The revoke endpoint: JSON `{"token":..}` (what Intuit documents) or a form body (what
 * node-quickbooks sends). Revoking an access or refresh token disconnects the whole grant.
 * Unknown tokens answer 200 as RFC 7009 asks, so a client cannot probe for tokens.
 */
import { Hono } from "hono";
import type { OAuthServerDeps } from "./oauth_server_deps.ts";
import { readFormBody } from "./oauth_server_deps.ts";
import { OAUTH_PATHS } from "./endpoint_paths.ts";
import { OAuthProtocolError } from "./oauth_error.ts";
import { oauthErrorResponse } from "./token_route.ts";

export function revokeRoute(deps: OAuthServerDeps): Hono {
  const app = new Hono();
  app.post(OAUTH_PATHS.revoke, async (c) => {
    try {
      const isJson = /application\/json/i.test(c.req.header("content-type") ?? "");
      const body: Record<string, string> = isJson ? await readJsonStrings(c.req.raw) : await readFormBody(c);
      const client = deps.clients.authenticate(c.req.header("authorization"), body);
      if (!body.token) throw new OAuthProtocolError("invalid_request", "token is required");
      deps.tokens.revoke(body.token, client.clientId);
      return c.body(null, 200);
    } catch (error) {
      if (error instanceof OAuthProtocolError) return oauthErrorResponse(c, error);
      throw error;
    }
  });
  return app;
}

async function readJsonStrings(request: Request): Promise<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = await request.json();
  } catch {
    throw new OAuthProtocolError("invalid_request", "Malformed JSON body");
  }
  const out: Record<string, string> = {};
  if (parsed && typeof parsed === "object") {
    for (const [k, v] of Object.entries(parsed)) if (typeof v === "string") out[k] = v;
  }
  return out;
}
