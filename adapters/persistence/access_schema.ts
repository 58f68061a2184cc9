/** Table shapes of user access grants and API keys (migrations 023 and 024). */

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

export interface AccessTables {
  user_access_grants: UserAccessGrantsTable;
  api_keys: ApiKeysTable;
  api_key_secrets: ApiKeySecretsTable;
}
