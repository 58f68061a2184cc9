import type { SyncLinkWrite } from "../ports/sync_link_repository.ts";
import { syncKey, type SyncLink } from "./sync_record.ts";

/** A QBO object the push stands for, by its sync key's parts. */
export interface SyncedObject {
  readonly entityType: string;
  readonly recordId: string;
}

/** A write QBO refused (anything but a stale SyncToken, which the next round retries). */
export interface RefusedWrite extends SyncedObject {
  readonly qboId?: string | null;
  /** Our code (QB004, QB007, ...). */
  readonly code: string;
  /** QBO's own fault code, kept for support ("" when QBO gave none). */
  readonly qboCode: string;
  readonly message: string;
  /** Context to act on, snake_case (QBO_ID_ALREADY_LINKED: the QBO id and both records). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** How many writes and calls a push made so far, by kind. */
export interface PushTally {
  readonly writes: number;
  readonly created: number;
  readonly updated: number;
  readonly removed: number;
  readonly adopted: number;
  /** Batch calls sent to QBO, as the gateway counted them. */
  readonly writeCalls: number;
}

/**
 * Where a push stands between two batches: the links as stored, what QBO confirmed or refused so
 * far and the tally. Each step of the push returns a new state; none is modified.
 */
export interface PushState {
  readonly links: readonly SyncLink[];
  /** Objects QBO confirmed during the run (written or adopted), once each however often. */
  readonly confirmed: ReadonlyMap<string, SyncedObject>;
  /** Writes QBO refused during the run, by sync key: not retried before the next run. */
  readonly refused: ReadonlyMap<string, RefusedWrite>;
  /** Sync keys whose write QBO answered (confirmed or refused) during the run. */
  readonly answered: ReadonlySet<string>;
  readonly tally: PushTally;
}

/**
 * The state of a push before its first write, from the stored links.
 *
 * @example
 * ```ts
 * startPush([]).tally.writes; // 0
 * ```
 */
export function startPush(links: readonly SyncLink[]): PushState {
  return {
    links,
    confirmed: new Map(),
    refused: new Map(),
    answered: new Set(),
    tally: { writes: 0, created: 0, updated: 0, removed: 0, adopted: 0, writeCalls: 0 },
  };
}

/**
 * The state once `writes` are stored: each replaces the link of its record (or is added).
 *
 * @example
 * ```ts
 * withStoredLinks(startPush([]), [{ recordId: "t1", entityType: "Customer", qboId: "58", syncToken: "1",
 *   fingerprint: "f", baseSnapshot: {}, state: "active", recordVersion: 1 }]).links.length; // 1
 * ```
 */
export function withStoredLinks(state: PushState, writes: readonly SyncLinkWrite[]): PushState {
  if (writes.length === 0) return state;
  const byKey = new Map(state.links.map((l) => [syncKey(l.entityType, l.recordId), l]));
  for (const w of writes) byKey.set(syncKey(w.entityType, w.recordId), w);
  return { ...state, links: [...byKey.values()] };
}

/**
 * The state once objects QBO already held were adopted as links: they count as confirmed and adopted.
 *
 * @example
 * ```ts
 * const adopted = [{ recordId: "item-rent", entityType: "Item" as const, qboId: "1", syncToken: "0",
 *   fingerprint: "adopted", baseSnapshot: { Name: "Rent" }, state: "active" as const, recordVersion: 1 }];
 * adoptLinks(startPush([]), adopted).tally.adopted; // 1
 * ```
 */
export function adoptLinks(state: PushState, adopted: readonly SyncLinkWrite[]): PushState {
  const confirmed = new Map(state.confirmed);
  for (const l of adopted) confirmed.set(syncKey(l.entityType, l.recordId), objectOf(l));
  return withStoredLinks(
    { ...state, confirmed, tally: { ...state.tally, adopted: state.tally.adopted + adopted.length } },
    adopted,
  );
}

/**
 * The state once the store refused links QBO had confirmed (each QBO id is another record's): those
 * records count as refused for the run, not confirmed, and keep the link they had `before`.
 *
 * @example
 * ```ts
 * const refused = { entityType: "Customer", recordId: "t2", code: "QBO_ID_ALREADY_LINKED", qboCode: "", message: "taken" };
 * withRefusedLinks(startPush([]), [], [refused]).refused.has("Customer/t2"); // true
 * ```
 */
export function withRefusedLinks(
  state: PushState,
  before: readonly SyncLink[],
  failures: readonly RefusedWrite[],
): PushState {
  if (failures.length === 0) return state;
  const keys = new Set(failures.map((f) => syncKey(f.entityType, f.recordId)));
  const confirmed = new Map(state.confirmed);
  const refused = new Map(state.refused);
  const answered = new Set(state.answered);
  for (const f of failures) {
    const key = syncKey(f.entityType, f.recordId);
    confirmed.delete(key);
    refused.set(key, f);
    answered.add(key);
  }
  const links = [
    ...state.links.filter((l) => !keys.has(syncKey(l.entityType, l.recordId))),
    ...before.filter((l) => keys.has(syncKey(l.entityType, l.recordId))),
  ];
  return { ...state, links, confirmed, refused, answered };
}

/**
 * Only the object's identity (a link or an operation carries much more).
 *
 * @example
 * ```ts
 * objectOf({ entityType: "Customer", recordId: "t1", qboId: "58" }); // { entityType: "Customer", recordId: "t1" }
 * ```
 */
export function objectOf(o: SyncedObject): SyncedObject {
  return { entityType: o.entityType, recordId: o.recordId };
}
