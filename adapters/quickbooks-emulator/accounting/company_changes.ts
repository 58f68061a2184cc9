import type { Posting } from "../contracts.ts";
import type { StoredFile } from "./attachment_files.ts";
import type { ReplayedResponse } from "./request_replay_cache.ts";

/** A QBO object as stored (see company_state.ts). */
type Doc = Record<string, unknown>;

/**
 * What one company changed since the changes were last taken: the current value of everything a
 * write touched (not the operations), so replaying it onto the state before gives the state after,
 * and replaying it twice changes nothing. One journal entry holds these for each changed company.
 */
export interface CompanyChanges {
  readonly realmId: string;
  /** Present when the company was created since the last take. */
  readonly created?: { readonly offsetMinutes: number };
  /** Objects as they are now, by entity. */
  readonly objects: ReadonlyArray<readonly [entity: string, doc: Doc]>;
  /** Hard deletes: the object is gone, its tombstone stamped `lastUpdated` (CDC). */
  readonly tombstones: ReadonlyArray<readonly [entity: string, id: string, lastUpdated: string]>;
  /** Counters (ids, DocNumbers) at their next value. */
  readonly counters: Readonly<Record<string, number>>;
  /** `"Invoice:5"`: true when voided now, false when no longer. */
  readonly voided: Readonly<Record<string, boolean>>;
  /** A transaction's postings now (empty: it has none any more). */
  readonly postings: ReadonlyArray<readonly [txnType: string, txnId: string, postings: readonly Posting[]]>;
  /** Uploaded files by attachable id (null: deleted). */
  readonly files: Readonly<Record<string, StoredFile | null>>;
  /** requestid answers recorded, oldest first. */
  readonly replies: ReadonlyArray<readonly [key: string, response: ReplayedResponse]>;
}

/**
 * The keys a company's writes touched since the last take, so a durable store writes exactly
 * those. `notify` hears every mark (the store's "something to persist" flag).
 */
export class ChangeTracker {
  readonly objects = new Set<string>();
  readonly counters = new Set<string>();
  readonly voided = new Set<string>();
  readonly postings = new Set<string>();
  readonly files = new Set<string>();
  readonly replies = new Set<string>();
  created: boolean;
  readonly #notify: () => void;

  constructor(notify: () => void, created: boolean) {
    this.#notify = notify;
    this.created = created;
  }

  mark(kind: "objects" | "counters" | "voided" | "postings" | "files" | "replies", key: string): void {
    this[kind].add(key);
    this.#notify();
  }

  get empty(): boolean {
    return !this.created && this.objects.size === 0 && this.counters.size === 0 && this.voided.size === 0 &&
      this.postings.size === 0 && this.files.size === 0 && this.replies.size === 0;
  }

  clear(): void {
    this.created = false;
    for (const set of [this.objects, this.counters, this.voided, this.postings, this.files, this.replies]) {
      set.clear();
    }
  }
}

/** A Set that reports every value added or removed (the company's voided transactions). */
export class ObservedSet extends Set<string> {
  readonly #onChange: (value: string) => void;

  constructor(onChange: (value: string) => void) {
    super();
    this.#onChange = onChange;
  }

  override add(value: string): this {
    super.add(value);
    this.#onChange(value);
    return this;
  }

  override delete(value: string): boolean {
    const had = super.delete(value);
    if (had) this.#onChange(value);
    return had;
  }

  override clear(): void {
    const values = [...this];
    super.clear();
    for (const value of values) this.#onChange(value);
  }
}

/** Separator of entity and id in tracked object keys (neither contains it). */
export const KEY_SEPARATOR = "\u0000";
