import type { ApiKey } from "../access/api_key.ts";

/** One stored secret of a key: the current one, or a rotated one until `expiresAt`. */
export interface ApiKeySecretRecord {
  readonly lookup: string;
  readonly keyId: string;
  readonly digest: string;
  readonly createdAt: string;
  /** Null for the current secret; a rotated one works until then. */
  readonly expiresAt: string | null;
}

export type NewApiKey = Omit<ApiKey, "lastUsedAt" | "rotatedAt" | "revokedAt">;

/** A secret to store: its lookup part, its digest, when it was made. */
export type NewApiKeySecret = Omit<ApiKeySecretRecord, "keyId" | "expiresAt">;

/** Persistence of API keys and their secret digests. */
export interface ApiKeyRepository {
  create(key: NewApiKey, secret: NewApiKeySecret): Promise<ApiKey>;
  /** The organization's keys, newest first, revoked ones included. */
  list(orgId: string): Promise<ApiKey[]>;
  get(orgId: string, id: string): Promise<ApiKey | null>;
  /** The secret with this lookup part and its key, whatever their state. */
  findByLookup(lookup: string): Promise<{ readonly key: ApiKey; readonly secret: ApiKeySecretRecord } | null>;
  /**
   * Makes `secret` the key's current one (lists then show `prefix`); the secrets it had keep
   * working until `previousUntil` (or their own earlier end). Answers the key, or null when the
   * organization has no such key or it is revoked.
   */
  rotate(
    orgId: string,
    id: string,
    rotation: { readonly secret: NewApiKeySecret; readonly prefix: string; readonly previousUntil: string },
  ): Promise<ApiKey | null>;
  /** Revokes the key at `at` (an already revoked key keeps its first revocation time). */
  revoke(orgId: string, id: string, at: string): Promise<ApiKey | null>;
  /** Records a use at `at`. */
  touch(id: string, at: string): Promise<void>;
}
