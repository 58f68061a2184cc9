/**
 * What the pull (QBO -> EstateCore) keeps: the CDC cursor per company, the event log announced to
 * EstateCore, and the review queue of conflicts a person must decide (policy `manual`).
 */

/** Where the last pull of a company stopped (the next CDC read starts there). */
export interface PullCursorStore {
  get(orgId: string, realmId: string): Promise<string | null>;
  set(orgId: string, realmId: string, cursor: string, now: string): Promise<void>;
  /** When the company's last pull finished (any trigger), null before the first: the scheduled poll's clock. */
  lastPulledAt(orgId: string, realmId: string): Promise<string | null>;
}

/** Something that happened in QBO that EstateCore must hear about. */
export interface SyncEvent {
  readonly seq: number;
  readonly orgId: string;
  readonly realmId: string;
  readonly at: string;
  /** `quickbooks.voided`, `quickbooks.deleted`, `quickbooks.edited`, `quickbooks.merged`, `quickbooks.payment_entered`, ... */
  readonly event: string;
  readonly entityType: string;
  readonly qboId: string;
  readonly recordType: string | null;
  readonly recordIds: readonly string[];
  readonly suggestedAction: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  /** Identifies the fact (e.g. event + object + its SyncToken): the same fact is logged once. */
  readonly dedupeKey: string;
}

export type NewSyncEvent = Omit<SyncEvent, "seq">;

/** Append-only event log per organization, read by cursor (and, later, sent as outbound webhooks). */
export interface SyncEventLog {
  /** Appends the events whose dedupe key is new for the organization; returns those (the new ones). */
  append(events: readonly NewSyncEvent[]): Promise<readonly NewSyncEvent[]>;
  list(orgId: string, options: { afterSeq?: number; limit: number }): Promise<SyncEvent[]>;
}

/** A conflict waiting for a person. */
export interface ReviewItem {
  readonly id: string;
  readonly orgId: string;
  readonly realmId: string;
  readonly entityType: string;
  readonly recordId: string;
  readonly qboId: string;
  /** The field conflicts (path, base, estatecore, quickbooks). */
  readonly conflicts: readonly Readonly<Record<string, unknown>>[];
  /** The QBO object when the conflict was found (its SyncToken is needed to apply a side). */
  readonly quickbooksSnapshot: Readonly<Record<string, unknown>>;
  readonly status: "open" | "resolved";
  readonly resolution: "estatecore" | "quickbooks" | null;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
}

export interface ReviewQueue {
  /** Opens a review for the record, or refreshes the open one (one open review per record). */
  open(
    item: Omit<ReviewItem, "status" | "resolution" | "resolvedAt">,
  ): Promise<ReviewItem & { readonly opened: boolean }>;
  get(orgId: string, id: string): Promise<ReviewItem | null>;
  list(orgId: string, options: { status?: "open" | "resolved"; limit: number }): Promise<ReviewItem[]>;
  /** Marks an open review resolved with a side; false when it was not open. */
  resolve(orgId: string, id: string, side: "estatecore" | "quickbooks", now: string): Promise<boolean>;
}
