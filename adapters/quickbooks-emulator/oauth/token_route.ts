/**
 * The token endpoint: `authorization_code` and `refresh_token` grants, client authentication by
 * HTTP Basic or form fields, Intuit's response fields (`x_refresh_token_expires_in`, and
 * `x_refresh_token_hard_expires_in` when the request carries
 * `x-include-refresh-token-hard-expires-in: true`).
 */
import { type Context, Hono } from "hono";
import type { RegisteredClient } from "../config.ts";
import type { OAuthServerDeps } from "./oauth_server_deps.ts";
import { readFormBody } from "./oauth_server_deps.ts";
import { OAUTH_PATHS } from "./endpoint_paths.ts";
import { OAuthProtocolError } from "./oauth_error.ts";
import { verifyPkceS256 } from "./pkce.ts";
import { OPENID_SCOPE } from "./scopes.ts";
import type { IssuedTokens } from "./token_service.ts";

export function tokenRoute(deps: OAuthServerDeps): Hono {
  const app = new Hono();
  app.post(OAUTH_PATHS.token, async (c) => {
    try {
      const form = await readFormBody(c);
      const client = deps.clients.authenticate(c.req.header("authorization"), form);
      const issued = await grant(deps, client, form);
      return tokenResponse(c, deps, issued);
    } catch (error) {
      if (error instanceof OAuthProtocolError) return oauthErrorResponse(c, error);
      throw error;
    }
  });
  return app;
}

async function grant(
  deps: OAuthServerDeps,
  client: RegisteredClient,
  form: Record<string, string>,
): Promise<{ tokens: IssuedTokens; idToken?: string }> {
  switch (form.grant_type) {
    case "authorization_code":
      return await exchangeCode(deps, client, form);
    case "refresh_token": {
      if (!form.refresh_token) throw new OAuthProtocolError("invalid_request", "refresh_token is required");
      return { tokens: deps.tokens.refresh(form.refresh_token, client.clientId) };
    }
    case undefined:
      throw new OAuthProtocolError("invalid_request", "grant_type is required");
    default:
      throw new OAuthProtocolError("unsupported_grant_type", `Unsupported grant_type: ${form.grant_type}`);
  }
}

async function exchangeCode(
  deps: OAuthServerDeps,
  client: RegisteredClient,
  form: Record<string, string>,
): Promise<{ tokens: IssuedTokens; idToken?: string }> {
  if (!form.code) throw new OAuthProtocolError("invalid_request", "code is required");
  const lookup = deps.codes.lookup(form.code);
  if (lookup.status === "reused") {
    // A replayed code may have been stolen: revoke what its first use produced.
    if (lookup.record.redeemedGrantId) deps.tokens.revokeGrant(lookup.record.redeemedGrantId);
    throw new OAuthProtocolError("invalid_grant", "Token invalid");
  }
  if (lookup.status === "expired") {
    throw new OAuthProtocolError("invalid_grant", "Token has been expired or revoked.");
  }
  if (lookup.status !== "valid") throw new OAuthProtocolError("invalid_grant", "Token invalid");
  const record = lookup.record;
  if (record.clientId !== client.clientId) throw new OAuthProtocolError("invalid_grant", "Token invalid");
  if (form.redirect_uri !== record.redirectUri) {
    throw new OAuthProtocolError("invalid_grant", "redirect_uri does not match the authorization request");
  }
  if (record.codeChallenge !== undefined) {
    if (!form.code_verifier || !(await verifyPkceS256(form.code_verifier, record.codeChallenge))) {
      throw new OAuthProtocolError("invalid_grant", "PKCE verification failed");
    }
  }
  const tokens = deps.tokens.createGrant({
    clientId: client.clientId,
    realmId: record.realmId,
    scopes: record.scopes,
    subject: deps.subject,
  });
  deps.codes.markRedeemed(record.code, tokens.grant.id);
  const idToken = record.scopes.includes(OPENID_SCOPE)
    ? await deps.signer.sign({
      clientId: client.clientId,
      subject: deps.subject,
      realmId: record.realmId,
      nonce: record.nonce,
      issuedAt: deps.clock.now(),
      lifetimeSeconds: deps.lifetimes.accessTokenSeconds,
    })
    : undefined;
  return { tokens, idToken };
}

function tokenResponse(
  c: Context,
  _deps: OAuthServerDeps,
  issued: { tokens: IssuedTokens; idToken?: string },
): Response {
  const { tokens } = issued;
  const body: Record<string, unknown> = {
    x_refresh_token_expires_in: tokens.refreshTokenExpiresIn,
    refresh_token: tokens.refreshToken,
    access_token: tokens.accessToken,
    token_type: "bearer",
    expires_in: tokens.expiresIn,
  };
  if (c.req.header("x-include-refresh-token-hard-expires-in")?.toLowerCase() === "true") {
    body.x_refresh_token_hard_expires_in = tokens.refreshTokenHardExpiresIn;
  }
  if (issued.idToken !== undefined) body.id_token = issued.idToken;
  return jsonUtf8(body, 200, { "cache-control": "no-store", pragma: "no-cache" });
}

/** `{"error_description":..,"error":..}` with 400, or 401 (+ WWW-Authenticate) for invalid_client. */
export function oauthErrorResponse(_c: Context, error: OAuthProtocolError): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (error.code === "invalid_client") headers["www-authenticate"] = 'Basic realm="Intuit"';
  if (error.code === "invalid_token") headers["www-authenticate"] = 'Bearer error="invalid_token"';
  return jsonUtf8(error.toBody(), error.status, headers);
}

/** JSON with Intuit's `application/json;charset=UTF-8` content type. */
export function jsonUtf8(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json;charset=UTF-8", ...headers },
  });
}
