import type { TrackingSupport } from "../mapping/tracking_support.ts";

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

/** The company facts a connection keeps, as read from QuickBooks. */
export interface CompanyProfileUpdate {
  readonly companyName: string;
  readonly classTrackingEnabled: boolean;
  readonly locationTrackingEnabled: boolean;
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
  /**
   * Writes what the company's CompanyInfo and Preferences say (name, tracking switches) and nothing
   * else; the version is kept, so a token refresh in flight (which writes only if the version is
   * unchanged) never loses its rotated refresh token to it. False when there is no such connection.
   */
  updateCompanyProfile(orgId: string, realmId: string, profile: CompanyProfileUpdate, now: string): Promise<boolean>;
  delete(orgId: string, realmId: string): Promise<boolean>;
  /**
   * Takes the refresh lease of a connection for `holder` until `until` if it is free or expired.
   * Exactly one holder wins across processes sharing the database.
   */
  acquireRefreshLease(orgId: string, realmId: string, holder: string, now: string, until: string): Promise<boolean>;
  releaseRefreshLease(orgId: string, realmId: string, holder: string): Promise<void>;
}

/**
 * What the company lets properties be tracked as, as last read from its preferences; null for no
 * connection or a disconnected one (nothing is known about a company no longer connected).
 */
export function trackingSupportOf(connection: QuickBooksConnection | null): TrackingSupport | null {
  if (connection === null || connection.status === "disconnected") return null;
  return {
    classTracking: connection.classTrackingEnabled,
    locationTracking: connection.locationTrackingEnabled,
    companyName: connection.companyName ?? `realm ${connection.realmId}`,
  };
}
