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
  /** PKCE challenge (S256); omitted when the server does not support PKCE. */
  readonly codeChallenge: string | null;
  readonly nonce: string;
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
  /** Exchanges the code from the callback; validates the ID token against `nonce`. */
  exchangeCode(
    input: { readonly code: string; readonly codeVerifier: string | null; readonly nonce: string },
  ): Promise<AuthorizationGrant>;
  /** Trades a refresh token for a new token set (the refresh token may rotate). */
  refresh(refreshToken: string): Promise<TokenSet>;
  /** Revokes a token at the server, which disconnects the app from the company. */
  revoke(token: string): Promise<void>;
}
