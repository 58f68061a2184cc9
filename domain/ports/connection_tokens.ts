/**
 * Tokens of one QuickBooks connection, in the product's terms. They are stored only sealed by
 * the TokenVault, in the connection record (ConnectionRepository), whose refresh lease makes
 * exactly one refresh happen at a time across processes.
 */

/** The OAuth tokens of a connection. Never logged, never returned by the API. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly accessTokenExpiresAt: Date;
  /** Rolling expiry of the refresh token (about 100 days, extended on each use). */
  readonly refreshTokenExpiresAt: Date;
  /** Intuit's 5-year maximum validity, when the token server reported it. */
  readonly refreshTokenHardExpiresAt: Date | null;
}
