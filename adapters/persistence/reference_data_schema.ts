/** Table shapes of the QuickBooks reference lists and mapping validations (migration 018). */

/** One entry of a cached reference list (an account, a class, an item...). */
export interface QboReferenceEntriesTable {
  org_id: string;
  realm_id: string;
  list: string;
  qbo_id: string;
  /** `referenceSortKey` of the entry; compared as plain bytes on both dialects. */
  sort_key: string;
  /** `referenceKind` of the entry (account type, item type...), null for lists without one. */
  kind: string | null;
  active: number;
  /** QBO's LastUpdatedTime as epoch milliseconds (offsets differ per company, text would not order). */
  updated_ms: number | null;
  /** The entry as JSON text, read back through the domain schema. */
  entry: string;
}

/** Sync state of one cached list. */
export interface QboReferenceListsTable {
  org_id: string;
  realm_id: string;
  list: string;
  cursor: string;
  checked_at: string | null;
}

/** The latest check of an organization's account mapping against one company. */
export interface AccountMappingValidationsTable {
  org_id: string;
  realm_id: string;
  state: string;
  problems: string;
  mapping_fingerprint: string;
  checked_at: string;
}

export interface ReferenceDataTables {
  qbo_reference_entries: QboReferenceEntriesTable;
  qbo_reference_lists: QboReferenceListsTable;
  account_mapping_validations: AccountMappingValidationsTable;
}
