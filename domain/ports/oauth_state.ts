/**
 * Pending OAuth authorizations. The `state` sent to the authorization server is a random
 * handle to one of these records, which binds it to the organization and user that started the
 * flow and keeps the PKCE verifier and the allow-listed return URL server-side. Consuming is
 * single-use.
 */
export interface PendingAuthorization {
  readonly state: string;
  readonly organizationId: string;
  readonly userId: string;
  readonly codeVerifier: string | null;
  readonly expiresAt: Date;
  /** Where the callback sends the user's browser with the outcome (already allow-listed); null: answer JSON. */
  readonly returnUrl: string | null;
}

export interface OAuthStateStore {
  save(pending: PendingAuthorization): Promise<void>;
  /**
   * Atomically removes and returns the record for `state`, or null when it does not exist or
   * was already consumed. Expiry is checked by the caller (the use case owns the clock).
   */
  consume(state: string): Promise<PendingAuthorization | null>;
  /** Deletes records that expired before `now`; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}
