/** Lifecycle of a QuickBooks company connection. */
export type ConnectionStatus = "connected" | "needs_reauthorization" | "disconnected";

/** A connection of an organization to one QuickBooks company (realm). Tokens stay encrypted. */
export interface QuickBooksConnection {
  readonly id: string;
  readonly orgId: string;
  readonly realmId: string;
  readonly companyName: string | null;
  readonly status: ConnectionStatus;
  /** Opaque ciphertext produced by the TokenVault; never plaintext. */
  readonly encryptedTokens: string | null;
  readonly accessTokenExpiresAt: string | null;
  readonly refreshTokenExpiresAt: string | null;
  readonly refreshTokenHardExpiresAt: string | null;
  readonly classTrackingEnabled: boolean;
  readonly locationTrackingEnabled: boolean;
  readonly isDefault: boolean;
  readonly lastErrorCode: string | null;
  readonly lastErrorMessage: string | null;
  readonly lastErrorAt: string | null;
  readonly connectedAt: string;
  readonly updatedAt: string;
  /** Optimistic-concurrency version, +1 on every write. */
  readonly version: number;
}

export type NewQuickBooksConnection = Omit<QuickBooksConnection, "version" | "updatedAt">;

export interface TokenUpdate {
  readonly encryptedTokens: string | null;
  readonly accessTokenExpiresAt: string | null;
  readonly refreshTokenExpiresAt: string | null;
  readonly refreshTokenHardExpiresAt: string | null;
}

/** Persistence of connections, including the cross-process refresh lease. */
export interface ConnectionRepository {
  /** Inserts, or replaces the connection of the same (org, realm). */
  save(connection: NewQuickBooksConnection, now: string): Promise<QuickBooksConnection>;
  get(orgId: string, realmId: string): Promise<QuickBooksConnection | null>;
  /** The org's default connection, else its only/oldest one. */
  getDefault(orgId: string): Promise<QuickBooksConnection | null>;
  listByOrg(orgId: string): Promise<QuickBooksConnection[]>;
  /** Every connection in a status (for workers). */
  listByStatus(status: ConnectionStatus): Promise<QuickBooksConnection[]>;
  /** Writes new tokens only if `expectedVersion` is current; false when another writer won. */
  updateTokens(orgId: string, realmId: string, update: TokenUpdate, expectedVersion: number, now: string): Promise<boolean>;
  setStatus(
    orgId: string,
    realmId: string,
    status: ConnectionStatus,
    error: { code: string; message: string } | null,
    now: string,
  ): Promise<void>;
  setDefault(orgId: string, realmId: string, now: string): Promise<void>;
  delete(orgId: string, realmId: string): Promise<boolean>;
  /**
   * Takes the refresh lease of a connection for `holder` until `until` if it is free or expired.
   * Exactly one holder wins across processes sharing the database.
   */
  acquireRefreshLease(orgId: string, realmId: string, holder: string, now: string, until: string): Promise<boolean>;
  releaseRefreshLease(orgId: string, realmId: string, holder: string): Promise<void>;
}
