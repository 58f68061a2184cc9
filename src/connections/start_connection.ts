import type { Clock } from "../../domain/ports/clock.ts";
import type { OAuthClient } from "../../domain/ports/oauth_client.ts";
import type { OAuthStateStore } from "../../domain/ports/oauth_state.ts";

/** How long a user has to finish the consent screen. */
export const AUTHORIZATION_TTL_MS = 10 * 60_000;

export interface StartConnectionDeps {
  readonly oauth: OAuthClient;
  readonly states: OAuthStateStore;
  readonly clock: Clock;
}

/**
 * Starts the OAuth code flow for the caller's organization: a random single-use `state` bound
 * server-side to the org and user (and the PKCE verifier, when the server supports PKCE).
 */
export async function startConnection(
  deps: StartConnectionDeps,
  caller: { readonly orgId: string; readonly userId: string },
): Promise<{ authorizationUrl: string; expiresAt: Date }> {
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
  });
  const authorizationUrl = await deps.oauth.authorizationUrl({
    state,
    codeChallenge: pkce?.challenge ?? null,
  });
  return { authorizationUrl, expiresAt };
}
