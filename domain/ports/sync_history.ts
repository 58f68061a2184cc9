/**
 * Per-record history of sync runs: for each run (sync job), what the push did to each record, or
 * why it could not. Runs themselves (status, summary counts) are the jobs of the job queue.
 */

/**
 * created / updated / removed (voided, deleted or made inactive) / adopted (an existing QBO object
 * linked instead of duplicated): QBO confirmed it. failed: QBO refused the write. blocked: waits
 * for a reference that is not in QBO yet. invalid: cannot be mapped until someone fixes it (e.g.
 * QB006, a missing account mapping).
 */
export const SYNC_OUTCOMES = [
  "created",
  "updated",
  "removed",
  "adopted",
  "failed",
  "blocked",
  "invalid",
] as const;
export type SyncOutcome = typeof SYNC_OUTCOMES[number];

/** One outcome of one record in one run. */
export interface SyncHistoryEntry {
  readonly id: string;
  readonly orgId: string;
  readonly realmId: string;
  readonly jobId: string;
  readonly outcome: SyncOutcome;
  /** EstateCore record type (`item` for a charge item) and id. */
  readonly recordType: string;
  readonly recordId: string;
  readonly propertyId: string | null;
  /** QBO entity and the sync engine's record id of the object (`inv:<group>`, `<id>#bill`...); null when nothing was planned. */
  readonly entityType: string | null;
  readonly syncRecordId: string | null;
  readonly qboId: string | null;
  /** Our error code (QB004, QB006, QB007...), QBO's fault code and message, for failed / blocked / invalid. */
  readonly errorCode: string | null;
  readonly qboCode: string | null;
  readonly message: string | null;
  readonly recordedAt: string;
}

export type NewSyncHistoryEntry = Omit<SyncHistoryEntry, "id" | "orgId" | "realmId" | "jobId" | "recordedAt">;

/** The run the entries belong to. */
export interface SyncRun {
  readonly orgId: string;
  readonly realmId: string;
  readonly jobId: string;
}

export interface SyncHistoryQuery {
  readonly jobId?: string;
  readonly recordType?: string;
  readonly recordId?: string;
  readonly outcomes?: readonly SyncOutcome[];
  /** Property-scoped readers: only entries of these properties and organization-wide ones (no property). */
  readonly propertyIds?: readonly string[];
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
  readonly limit: number;
}

export interface SyncHistoryPage {
  readonly entries: SyncHistoryEntry[];
  readonly nextCursor: string | null;
}

export interface SyncHistory {
  /**
   * Upserts write outcomes of a run. Key: (run, entity type, sync record id, record type, record id):
   * a resumed run that writes the same record again replaces its entry instead of adding one.
   */
  record(run: SyncRun, entries: readonly NewSyncHistoryEntry[], now: string): Promise<void>;
  /** Replaces the run's blocked and invalid entries with these (they describe where the run ended). */
  replaceUnsynced(run: SyncRun, entries: readonly NewSyncHistoryEntry[], now: string): Promise<void>;
  /** Entries newest first, filtered, in pages. A malformed cursor is VALIDATION_FAILED. */
  list(orgId: string, query: SyncHistoryQuery): Promise<SyncHistoryPage>;
  /** Keeps the entries of the organization's `keepRuns` most recent runs; returns how many were removed. */
  prune(orgId: string, keepRuns: number): Promise<number>;
}
