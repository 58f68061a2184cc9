/** Tables of webhooks out (migration 038). Instants are ISO-8601 text; booleans 0/1. */
export interface WebhookEndpointsTable {
  id: string;
  org_id: string;
  url: string;
  description: string;
  /** JSON array of event types; empty: every type. */
  event_types: string;
  enabled: number;
  disabled_reason: string | null;
  cursor_seq: number;
  failing_since: string | null;
  sealed_secrets: string;
  secret_rotated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  org_id: string;
  endpoint_id: string;
  event_id: string;
  event_seq: number;
  trigger: string;
  dedupe_key: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  finished_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptsTable {
  id: string;
  org_id: string;
  endpoint_id: string;
  delivery_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  trigger: string;
  attempted_at: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string;
  succeeded: number;
}

export interface WebhooksOutTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
