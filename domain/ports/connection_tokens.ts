/**
 * Tokens of one QuickBooks connection, in the product's terms, and the store that keeps them
 * sealed at rest. The store also arbitrates refreshes: Intuit rotates refresh tokens, so two
 * workers refreshing the same connection at once could each keep a different "latest" token
 * and one of them would lose the connection. A lease in the database (not an in-process lock)
 * makes exactly one refresh happen at a time across processes.
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

/** A token set as stored: opaque ciphertext plus the key id it was sealed with. */
export interface SealedTokenRecord {
  readonly connectionId: string;
  readonly sealed: string;
  readonly keyId: string;
  /** Incremented on every write; used for compare-and-swap. */
  readonly version: number;
}

/** Persistence of sealed tokens and the cross-process refresh lease. */
export interface ConnectionTokenStore {
  load(connectionId: string): Promise<SealedTokenRecord | null>;
  /** Inserts or overwrites the tokens of a connection (used after the OAuth callback). */
  put(connectionId: string, sealed: string, keyId: string): Promise<void>;
  /**
   * Replaces the tokens only if the stored version still is `expectedVersion`.
   * Returns false when another writer got there first.
   */
  replace(connectionId: string, expectedVersion: number, sealed: string, keyId: string): Promise<boolean>;
  delete(connectionId: string): Promise<void>;
  /**
   * Takes the refresh lease of a connection for `holder` until `until`, unless another holder
   * has an unexpired lease. Returns true when the lease is now held by `holder`.
   */
  tryAcquireRefreshLease(connectionId: string, holder: string, now: Date, until: Date): Promise<boolean>;
  releaseRefreshLease(connectionId: string, holder: string): Promise<void>;
  /** Every stored record (for key rotation). */
  listAll(): Promise<readonly SealedTokenRecord[]>;
}
