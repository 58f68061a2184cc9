import type { ReferenceEntry, ReferenceListName } from "../model/quickbooks/qbo_reference_list.ts";

/** One list of one connected company: the cache is kept per organization, realm and list. */
export interface ReferenceListScope {
  readonly orgId: string;
  readonly realmId: string;
  readonly list: ReferenceListName;
}

/** When a cached list was last brought up to date with QuickBooks. */
export interface ReferenceListSync {
  /** Where the next change read starts (ISO-8601): changes at or after it are not cached yet. */
  readonly cursor: string;
  /**
   * When the list was last checked against QuickBooks (ISO-8601); null once a change
   * notification made it stale, so the next read checks again whatever its age.
   */
  readonly checkedAt: string | null;
}

/** A cursor into a list's order (see `referenceSortKey`): the page starts after this entry. */
export interface ReferencePagePosition {
  readonly sortKey: string;
  readonly id: string;
}

export interface ReferenceListFilter {
  readonly active?: boolean;
  /** The list's kind (`referenceKind`): account type, item type, term or payment method type. */
  readonly kind?: string;
}

/**
 * Cached copies of a company's reference lists (chart of accounts, classes, items...), refreshed
 * from QuickBooks by the reference-list use cases. Entries of one scope never leak into another.
 */
export interface ReferenceListCache {
  /** The list's sync state; null while it was never loaded. */
  syncState(scope: ReferenceListScope): Promise<ReferenceListSync | null>;
  /** Replaces the whole list (a full read from QuickBooks) and its sync state. */
  replace(
    scope: ReferenceListScope,
    entries: readonly ReferenceEntry[],
    sync: ReferenceListSync,
  ): Promise<void>;
  /**
   * Applies changes read since the cursor: upserts (an entry is only replaced by one at least as
   * recently updated, so a slower concurrent refresh cannot bring an old version back), removals
   * (deleted in QuickBooks), and the new sync state.
   */
  applyChanges(
    scope: ReferenceListScope,
    changes: { readonly upserts: readonly ReferenceEntry[]; readonly removedIds: readonly string[] },
    sync: ReferenceListSync,
  ): Promise<void>;
  /** Entries in list order (`referenceSortKey`, then id), filtered, after `after`, at most `limit`. */
  page(
    scope: ReferenceListScope,
    filter: ReferenceListFilter,
    after: ReferencePagePosition | null,
    limit: number,
  ): Promise<readonly ReferenceEntry[]>;
  /** The entries with these ids (any missing id is simply absent). */
  findByIds(scope: ReferenceListScope, ids: readonly string[]): Promise<readonly ReferenceEntry[]>;
  /**
   * Marks lists of a realm stale for every organization connected to it (a change notification
   * arrived): the next read checks QuickBooks for changes at once.
   */
  markStale(realmId: string, lists: readonly ReferenceListName[]): Promise<void>;
}
