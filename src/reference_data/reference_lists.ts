import { referenceEntryOf } from "../../domain/mapping/from_quickbooks/reference_entries.ts";
import {
  hasChangeDataCapture,
  REFERENCE_LIST_ENTITY,
  type ReferenceEntry,
  type ReferenceEntryOf,
  type ReferenceListName,
  ReferenceListNameSchema,
} from "../../domain/model/quickbooks/qbo_reference_list.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type {
  QuickBooksGateway,
  QuickBooksObject,
  QuickBooksTarget,
} from "../../domain/ports/quickbooks_gateway.ts";
import type {
  ReferenceListCache,
  ReferenceListFilter,
  ReferenceListScope,
  ReferenceListSync,
  ReferencePagePosition,
} from "../../domain/ports/reference_list_cache.ts";

/** How long a cached list is served without asking QuickBooks for changes. */
export const REFERENCE_LIST_TTL_MS = 5 * 60_000;
/**
 * CDC looks back 30 days at most (docs/quickbooks-api.md §4); past that (with a day's margin) the
 * list is read again in full rather than through the gateway's query fallback, which cannot see
 * deactivated name-list objects.
 */
export const CDC_MAX_AGE_MS = 29 * 24 * 3600_000;
/**
 * A full read starts its change cursor this long before the read began: QuickBooks stamps changes
 * with its own clock, and re-reading a few changes is harmless, missing one is not.
 */
export const FULL_READ_CURSOR_MARGIN_MS = 5 * 60_000;

export interface ReferenceListDependencies {
  readonly gateway: Pick<QuickBooksGateway, "query" | "changesSince">;
  readonly cache: ReferenceListCache;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Default {@link REFERENCE_LIST_TTL_MS}. */
  readonly ttlMs?: number;
}

/** How a read was served: from the cache as it was, after applying QBO's changes, or after a full read. */
export type RefreshKind = "cached" | "changes" | "full";

/** When the served list was last checked against QuickBooks, and how this read got it. */
export interface ReferenceListFreshness {
  readonly checkedAt: string;
  readonly refreshed: RefreshKind;
}

/**
 * A company's reference lists (chart of accounts, classes, locations, items, tax codes, terms,
 * payment methods), read through the resilient gateway and cached per organization, realm and
 * list. A read of a list checked longer than the TTL ago (or marked stale by a webhook) asks
 * QBO's Change Data Capture for what changed since the last check and applies it (new, edited,
 * deactivated and deleted entries) instead of reading the whole list again; the first read, a
 * cursor older than CDC's window, and tax codes (which CDC does not cover) read the list in full.
 * Concurrent reads of one list in this process share one refresh.
 */
export class ReferenceLists {
  readonly #deps: ReferenceListDependencies;
  readonly #refreshing = new Map<string, Promise<ReferenceListFreshness>>();

  constructor(deps: ReferenceListDependencies) {
    this.#deps = deps;
  }

  /**
   * Brings the list up to date if it is older than `maxAgeMs` (default: the TTL; 0 always asks
   * QBO for changes) and says how fresh it is.
   */
  fresh(
    target: QuickBooksTarget,
    list: ReferenceListName,
    options: { readonly maxAgeMs?: number } = {},
  ): Promise<ReferenceListFreshness> {
    const key = `${target.orgId}\u0000${target.realmId}\u0000${list}`;
    const running = this.#refreshing.get(key);
    if (running) return running;
    const refresh = this.#refresh(
      { ...target, list },
      options.maxAgeMs ?? this.#deps.ttlMs ?? REFERENCE_LIST_TTL_MS,
    )
      .finally(() => this.#refreshing.delete(key));
    this.#refreshing.set(key, refresh);
    return refresh;
  }

  /** One page of the list as cached (call {@link fresh} first), in list order. */
  async page<L extends ReferenceListName>(
    target: QuickBooksTarget,
    list: L,
    filter: ReferenceListFilter,
    after: ReferencePagePosition | null,
    limit: number,
  ): Promise<readonly ReferenceEntryOf<L>[]> {
    return await this.#deps.cache.page({ ...target, list }, filter, after, limit) as ReferenceEntryOf<L>[];
  }

  /** The cached entries with these ids, by id (call {@link fresh} first). */
  async cachedEntries<L extends ReferenceListName>(
    target: QuickBooksTarget,
    list: L,
    ids: readonly string[],
  ): Promise<Map<string, ReferenceEntryOf<L>>> {
    const found = await this.#deps.cache.findByIds({ ...target, list }, ids) as ReferenceEntryOf<L>[];
    return new Map(found.map((entry) => [entry.id, entry]));
  }

  /**
   * QBO announced changes to these entities in a realm (webhooks): the matching lists are marked
   * stale for every organization connected to it, so their next read checks for changes at once.
   */
  async invalidate(realmId: string, entityNames: readonly string[]): Promise<void> {
    const lists = ReferenceListNameSchema.options.filter((list) =>
      entityNames.includes(REFERENCE_LIST_ENTITY[list])
    );
    await this.#deps.cache.markStale(realmId, lists);
  }

  async #refresh(scope: ReferenceListScope, maxAgeMs: number): Promise<ReferenceListFreshness> {
    const { cache, clock } = this.#deps;
    const now = clock.now();
    const sync = await cache.syncState(scope);
    if (sync !== null && sync.checkedAt !== null && now.getTime() - Date.parse(sync.checkedAt) < maxAgeMs) {
      return { checkedAt: sync.checkedAt, refreshed: "cached" };
    }
    const changesReadable = sync !== null && hasChangeDataCapture(scope.list) &&
      now.getTime() - Date.parse(sync.cursor) < CDC_MAX_AGE_MS;
    if (changesReadable && await this.#applyChanges(scope, sync, now)) {
      return { checkedAt: now.toISOString(), refreshed: "changes" };
    }
    await this.#readInFull(scope, now);
    return { checkedAt: now.toISOString(), refreshed: "full" };
  }

  /** Applies CDC's changes since the cursor; false when QBO answered from its query fallback instead. */
  async #applyChanges(scope: ReferenceListScope, sync: ReferenceListSync, now: Date): Promise<boolean> {
    const entityName = REFERENCE_LIST_ENTITY[scope.list];
    const changes = await this.#deps.gateway.changesSince(scope, [entityName], new Date(sync.cursor));
    if (changes.source !== "cdc") return false;
    const mine = changes.changes.filter((change) => change.entityName === entityName);
    const read = this.#entries(scope, mine.filter((c) => !c.deleted).map((c) => c.object));
    const upserts = read.entries;
    // An entry QBO now sends in a shape we cannot read is dropped rather than kept as it was.
    const removedIds = [...mine.filter((c) => c.deleted).map((c) => c.id), ...read.unreadableIds];
    await this.#deps.cache.applyChanges(scope, { upserts, removedIds }, {
      cursor: changes.nextCursor.toISOString(),
      checkedAt: now.toISOString(),
    });
    this.#deps.logger.debug("reference list refreshed from changes", {
      realm_id: scope.realmId,
      list: scope.list,
      upserts: upserts.length,
      removed: removedIds.length,
    });
    return true;
  }

  async #readInFull(scope: ReferenceListScope, now: Date): Promise<void> {
    // Name lists hide inactive entries unless the query constrains Active.
    const objects = await this.#deps.gateway.query(scope, {
      entityName: REFERENCE_LIST_ENTITY[scope.list],
      where: [{ field: "Active", operator: "IN", value: [true, false] }],
    });
    const { entries } = this.#entries(scope, objects);
    await this.#deps.cache.replace(scope, entries, {
      cursor: new Date(now.getTime() - FULL_READ_CURSOR_MARGIN_MS).toISOString(),
      checkedAt: now.toISOString(),
    });
    this.#deps.logger.debug("reference list read in full", {
      realm_id: scope.realmId,
      list: scope.list,
      entries: entries.length,
    });
  }

  #entries(
    scope: ReferenceListScope,
    objects: readonly QuickBooksObject[],
  ): { entries: ReferenceEntry[]; unreadableIds: string[] } {
    const entries: ReferenceEntry[] = [];
    const unreadableIds: string[] = [];
    for (const object of objects) {
      const reading = referenceEntryOf(scope.list, object);
      if (reading.ok) entries.push(reading.entry);
      else {
        if (reading.id !== "") unreadableIds.push(reading.id);
        this.#deps.logger.warn("quickbooks list entry skipped: it could not be read", {
          realm_id: scope.realmId,
          list: scope.list,
          qbo_id: reading.id,
          issue: reading.issue,
        });
      }
    }
    return { entries, unreadableIds };
  }
}
