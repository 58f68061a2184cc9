import { checkReturnUrl, type ReturnUrlAllowlist } from "../../domain/access/return_url_allowlist.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { OAuthClient } from "../../domain/ports/oauth_client.ts";
import type { OAuthStateStore } from "../../domain/ports/oauth_state.ts";

/** How long a user has to finish the consent screen. */
export const AUTHORIZATION_TTL_MS = 10 * 60_000;

export interface StartConnectionDeps {
  readonly oauth: OAuthClient;
  readonly states: OAuthStateStore;
  readonly clock: Clock;
  /** Where a `returnUrl` may point (configuration: OAUTH_RETURN_URL_ALLOWLIST). */
  readonly returnUrls: ReturnUrlAllowlist;
}

/** What the caller asks of the flow beyond its identity. */
export interface StartConnectionRequest {
  /** Where the callback sends the user's browser with the outcome; absent: the callback answers JSON. */
  readonly returnUrl?: string;
}

/**
 * Starts the OAuth code flow for the caller's organization: a random single-use `state` bound
 * server-side to the org and user (and the PKCE verifier, when the server supports PKCE, and the
 * normalized return URL, when one was asked for).
 * @throws DomainError RETURN_URL_NOT_ALLOWED before anything is stored or sent, when the return URL
 *   is not in the allow-list.
 */
export async function startConnection(
  deps: StartConnectionDeps,
  caller: { readonly orgId: string; readonly userId: string },
  request: StartConnectionRequest = {},
): Promise<{ authorizationUrl: string; expiresAt: Date }> {
  const returnUrl = request.returnUrl === undefined
    ? null
    : allowedReturnUrl(request.returnUrl, deps.returnUrls);
  const now = deps.clock.now();
  await deps.states.purgeExpired(now);
  const pkce = (await deps.oauth.supportsPkce()) ? await deps.oauth.createPkcePair() : null;
  const state = deps.oauth.createState();
  const expiresAt = new Date(now.getTime() + AUTHORIZATION_TTL_MS);
  await deps.states.save({
    state,
    organizationId: caller.orgId,
    userId: caller.userId,
    codeVerifier: pkce?.verifier ?? null,
    expiresAt,
    returnUrl,
  });
  const authorizationUrl = await deps.oauth.authorizationUrl({
    state,
    codeChallenge: pkce?.challenge ?? null,
  });
  return { authorizationUrl, expiresAt };
}

function allowedReturnUrl(candidate: string, allowlist: ReturnUrlAllowlist): string {
  const verdict = checkReturnUrl(candidate, allowlist);
  if (verdict.allowed) return verdict.url;
  throw new DomainError("RETURN_URL_NOT_ALLOWED", `The return_url is not allowed: ${verdict.reason}`, {
    reason: verdict.reason,
    configuration: "OAUTH_RETURN_URL_ALLOWLIST",
  });
}
