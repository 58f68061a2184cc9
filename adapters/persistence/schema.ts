import type { QuickBooksFlowTables } from "./quickbooks_flow_schema.ts";

/**
 * Table shapes as Kysely sees them. Dialect-neutral storage rules: instants are ISO-8601 text,
 * booleans are integers 0/1, JSON is text, money is integer cents (bigint in PostgreSQL).
 */
export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface QuickBooksConnectionsTable {
  id: string;
  org_id: string;
  realm_id: string;
  company_name: string | null;
  status: string;
  encrypted_tokens: string | null;
  access_token_expires_at: string | null;
  refresh_token_expires_at: string | null;
  refresh_token_hard_expires_at: string | null;
  class_tracking_enabled: number;
  location_tracking_enabled: number;
  is_default: number;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_at: string | null;
  refresh_lease_holder: string | null;
  refresh_lease_until: string | null;
  connected_at: string;
  updated_at: string;
  version: number;
}

export interface AuditLogTable {
  org_id: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: string;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** Every table of the service. Later features add their tables here and a migration. */
export interface DatabaseSchema extends QuickBooksFlowTables {
  organizations: OrganizationsTable;
  quickbooks_connections: QuickBooksConnectionsTable;
  audit_log: AuditLogTable;
}
