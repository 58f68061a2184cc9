/** Table shapes of the QuickBooks connection flow (migration 002), merged into DatabaseSchema. */
export interface OAuthStatesTable {
  state: string;
  org_id: string;
  user_id: string;
  code_verifier: string | null;
  expires_at: string;
  /** Migration 018. */
  return_url: string | null;
}

export interface QuickBooksRateRealmsTable {
  realm_id: string;
  decisions: number;
}

export interface QuickBooksRatePermitsTable {
  permit_id: string;
  realm_id: string;
  kind: string;
  started_at_ms: number;
  released: number;
}

export interface WebhookInboxTable {
  id: string;
  dedup_key: string;
  realm_id: string;
  entity_name: string;
  entity_id: string;
  operation: string;
  occurred_at: string;
  deleted_id: string | null;
  format: string;
  received_at: string;
  /** pending | claimed | processed | dead */
  status: string;
  claimed_by: string | null;
  claim_until: string | null;
  attempts: number;
  last_error: string | null;
  processed_at: string | null;
}

export interface QuickBooksFlowTables {
  oauth_states: OAuthStatesTable;
  quickbooks_rate_realms: QuickBooksRateRealmsTable;
  quickbooks_rate_permits: QuickBooksRatePermitsTable;
  webhook_inbox: WebhookInboxTable;
}
