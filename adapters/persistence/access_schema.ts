/** Table shapes of user access grants, API keys and consumer rate limits (migrations 023 to 025). */

/** One user's stored grant in one organization; the JSON lists are null for "all". */
export interface UserAccessGrantsTable {
  org_id: string;
  user_id: string;
  access_level: string;
  allowed_properties: string | null;
  allowed_features: string | null;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  version: number;
}

/** One API key; its secrets are digests in `api_key_secrets`. JSON lists are text, null for none. */
export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  scopes: string;
  property_ids: string | null;
  ip_allowlist: string | null;
  expires_at: string | null;
  prefix: string;
  /** JSON of the key's own RatePolicy, null: the organization's per-key policy. */
  rate_limit: string | null;
  daily_call_quota: number | null;
  daily_quickbooks_quota: number | null;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  rotated_at: string | null;
  revoked_at: string | null;
}

/** One secret of a key, found by its lookup part: the current one (no expiry) or a rotated one. */
export interface ApiKeySecretsTable {
  lookup: string;
  key_id: string;
  digest: string;
  created_at: string;
  expires_at: string | null;
}

/** One fixed window's count for one subject (migration 025); shared by every instance. */
export interface RateCountersTable {
  subject: string;
  window_seconds: number;
  /** Epoch seconds of the window's start. */
  window_start: number;
  count: number;
  /** Epoch seconds after which the row is purged. */
  expires_at: number;
}

/** An organization's rate policies (migration 025), JSON. */
export interface RateLimitSettingsTable {
  org_id: string;
  policies: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface AccessTables {
  user_access_grants: UserAccessGrantsTable;
  api_keys: ApiKeysTable;
  api_key_secrets: ApiKeySecretsTable;
  rate_counters: RateCountersTable;
  rate_limit_settings: RateLimitSettingsTable;
}
