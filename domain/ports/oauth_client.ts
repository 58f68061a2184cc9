import type { TokenSet } from "./connection_tokens.ts";

/** What the authorization server told us when a user granted access. */
export interface AuthorizationGrant {
  readonly tokens: TokenSet;
  /** Subject of the validated ID token (the Intuit user), when one was returned. */
  readonly userSubject: string | null;
}

/** Parameters of the redirect to the authorization server. */
export interface AuthorizationRequest {
  readonly state: string;
  /** PKCE challenge (S256); null when the server does not support PKCE. */
  readonly codeChallenge: string | null;
}

/**
 * The OAuth 2.0 / OpenID Connect conversation with Intuit (or its emulator). Failures are
 * DomainErrors: QB002 when a grant is invalid (revoked or expired refresh token, used code),
 * QB007 when the server is unavailable, OAUTH_STATE_INVALID when the callback is malformed.
 */
export interface OAuthClient {
  /** Whether the server advertises PKCE (S256) support. */
  supportsPkce(): Promise<boolean>;
  authorizationUrl(request: AuthorizationRequest): Promise<string>;
  /** Exchanges the code from the callback; validates the ID token (issuer, audience, expiry, signature). */
  exchangeCode(
    input: { readonly code: string; readonly state: string; readonly codeVerifier: string | null },
  ): Promise<
    AuthorizationGrant
  >;
  /** A fresh, unguessable `state` value (at least 256 bits of randomness). */
  createState(): string;
  /** PKCE pair for a new authorization: the verifier stays server-side, the challenge is sent. */
  createPkcePair(): Promise<{ readonly verifier: string; readonly challenge: string }>;
  /** Trades a refresh token for a new token set (the refresh token may rotate). */
  refresh(refreshToken: string): Promise<TokenSet>;
  /** Revokes a token at the server, which disconnects the app from the company. */
  revoke(token: string): Promise<void>;
}
