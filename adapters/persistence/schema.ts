import type { AccessTables } from "./access_schema.ts";
import type { WebhooksOutTables } from "./webhooks_out_schema.ts";
import type { QuickBooksFlowTables } from "./quickbooks_flow_schema.ts";
import type { ReferenceDataTables } from "./reference_data_schema.ts";

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
  /** Migration 036: when tokens were last stored (connect or refresh); null before. */
  tokens_refreshed_at: string | null;
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

export interface AuditHeadsTable {
  org_id: string;
  seq: number;
  hash: string;
}

export interface OutboundEventsTable {
  org_id: string;
  seq: number;
  id: string;
  type: string;
  occurred_at: string;
  data: string;
}

export interface OutboundEventHeadsTable {
  org_id: string;
  seq: number;
}

export interface RecordMirrorTable {
  org_id: string;
  record_type: string;
  record_id: string;
  property_id: string | null;
  data: string;
  version: number;
  deleted: number;
  change_seq: number;
  created_at: string;
  updated_at: string;
}

export interface RecordMirrorSequencesTable {
  org_id: string;
  last_seq: number;
}

export interface AccountMappingsTable {
  org_id: string;
  /** "" holds the organization defaults. */
  property_id: string;
  assignments: string;
  version: number;
  updated_at: string;
}

export interface SyncSettingsTable {
  org_id: string;
  settings: string;
  validated_against_company: number;
  realm_id: string | null;
  version: number;
  updated_at: string;
}

export interface MappingRulesTable {
  org_id: string;
  rules: string;
  version: number;
  updated_at: string;
}

export interface AuditCheckpointsTable {
  org_id: string;
  seq: number;
  purpose: string;
  hash: string;
  at: string;
  key_id: string;
  jws: string;
}

export interface JobQueueTable {
  id: string;
  org_id: string;
  realm_id: string | null;
  job_type: string;
  payload: string;
  status: string;
  dedupe_key: string | null;
  attempts: number;
  max_attempts: number;
  /** Runs cut short by a crash or a lease takeover (they spend no attempt). */
  interruptions: number;
  run_after: string;
  lease_owner: string | null;
  lease_until: string | null;
  progress_total: number;
  progress_done: number;
  progress_failed: number;
  progress_skipped: number;
  progress_detail: string;
  result: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface SyncLinksTable {
  org_id: string;
  realm_id: string;
  entity_type: string;
  record_id: string;
  qbo_id: string;
  sync_token: string;
  fingerprint: string;
  base_snapshot: string;
  state: string;
  record_version: number | null;
  synced_at: string;
}

export interface PullCursorsTable {
  org_id: string;
  realm_id: string;
  cursor_at: string;
  updated_at: string;
}

export interface SyncEventsTable {
  org_id: string;
  seq: number;
  realm_id: string;
  at: string;
  event: string;
  entity_type: string;
  qbo_id: string;
  record_type: string | null;
  record_ids: string;
  suggested_action: string | null;
  details: string;
  dedupe_key: string;
}

export interface ReviewItemsTable {
  id: string;
  org_id: string;
  realm_id: string;
  entity_type: string;
  record_id: string;
  qbo_id: string;
  conflicts: string;
  quickbooks_snapshot: string;
  status: string;
  resolution: string | null;
  created_at: string;
  resolved_at: string | null;
}

export interface SyncHistoryTable {
  id: string;
  org_id: string;
  realm_id: string;
  job_id: string;
  entry_key: string;
  outcome: string;
  record_type: string;
  record_id: string;
  property_id: string | null;
  entity_type: string | null;
  sync_record_id: string | null;
  qbo_id: string | null;
  error_code: string | null;
  qbo_code: string | null;
  message: string | null;
  recorded_at: string;
}

export interface AutomationWorkflowsTable {
  org_id: string;
  workflow: string;
  enabled: number;
  schedule: string;
  missed_slots: string;
  options: string;
  schedule_from: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface AutomationRunsTable {
  id: string;
  org_id: string;
  workflow: string;
  slot: string;
  trigger: string;
  as_of: string;
  status: string;
  attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  error_cause: string | null;
  started_at: string;
  finished_at: string | null;
  updated_at: string;
}

/** One reconciliation run (016); JSON columns are text, scores in hundredths of a percent. */
export interface ReconciliationReportsTable {
  id: string;
  org_id: string;
  realm_id: string;
  created_at: string;
  period_from: string;
  period_to: string;
  property_ids: string | null;
  discrepancies_found: number;
  discrepancies: string;
  counts_by_type: string;
  totals: string;
  score: string;
  score_by_count_bp: number;
  score_by_amount_bp: number;
  resolution: string | null;
  resolved_at: string | null;
}

/** Integration health (036): one state per organization, JSON columns as text. */
export interface IntegrationHealthStatesTable {
  org_id: string;
  status: string;
  companies: string;
  conditions: string;
  evaluated_at: string;
  version: number;
}

export interface IntegrationHealthHistoryTable {
  org_id: string;
  seq: number;
  realm_id: string | null;
  from_status: string | null;
  to_status: string;
  at: string;
  issue_codes: string;
}

/** Every table of the service. Later features add their tables here and a migration. */
export interface DatabaseSchema
  extends QuickBooksFlowTables, ReferenceDataTables, AccessTables, WebhooksOutTables {
  organizations: OrganizationsTable;
  quickbooks_connections: QuickBooksConnectionsTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  outbound_events: OutboundEventsTable;
  outbound_event_heads: OutboundEventHeadsTable;
  pull_cursors: PullCursorsTable;
  sync_events: SyncEventsTable;
  review_items: ReviewItemsTable;
  record_mirror: RecordMirrorTable;
  record_mirror_sequences: RecordMirrorSequencesTable;
  account_mappings: AccountMappingsTable;
  sync_settings: SyncSettingsTable;
  mapping_rules: MappingRulesTable;
  audit_checkpoints: AuditCheckpointsTable;
  job_queue: JobQueueTable;
  sync_links: SyncLinksTable;
  reconciliation_reports: ReconciliationReportsTable;
  sync_history: SyncHistoryTable;
  automation_workflows: AutomationWorkflowsTable;
  automation_runs: AutomationRunsTable;
  integration_health_states: IntegrationHealthStatesTable;
  integration_health_history: IntegrationHealthHistoryTable;
}
