import type { Posting } from "../contracts.ts";
import { AttachmentFiles, type StoredFile } from "./attachment_files.ts";
import { ChangeTracker, type CompanyChanges, KEY_SEPARATOR, ObservedSet } from "./company_changes.ts";
import { Ledger } from "./ledger.ts";
import { TxnLinks } from "./txn_links.ts";
import { type ReplayedResponse, RequestReplayCache } from "./request_replay_cache.ts";

/** A QBO object as stored: its JSON form (money as QBO decimal numbers). */
export type Doc = Record<string, unknown>;

/** Entities whose DisplayName must be unique across all three (QBO rule 6240). */
export const PERSON_ENTITIES = new Set(["Customer", "Vendor", "Employee"]);

/** Serializable form of one company, see {@link CompanyState.toSnapshot}. */
export interface CompanySnapshot {
  readonly realmId: string;
  readonly offsetMinutes: number;
  readonly objects: Record<string, Doc[]>;
  readonly tombstones: Record<string, Record<string, string>>;
  readonly counters: Record<string, number>;
  readonly voided: string[];
  readonly postings: Posting[];
  /** Files of file attachables by attachable id (absent in state files written before uploads). */
  readonly files?: Record<string, StoredFile>;
  /** The requestid replay cache, oldest first (absent in state files written before the journal). */
  readonly replies?: Array<[string, ReplayedResponse]>;
}

/** Size of each company's requestid replay cache. */
const REPLY_CAPACITY = 5_000;

/**
 * Everything one QBO company (realm) holds: objects by entity and id, the ledger, transaction
 * links, name and DocNumber indexes, deleted-object tombstones (for CDC), uploaded files and the
 * requestid replay cache. Lookups by id and by name are Map hits; only queries, CDC and reports scan.
 */
export class CompanyState {
  readonly realmId: string;
  readonly offsetMinutes: number;
  readonly #objects = new Map<string, Map<string, Doc>>();
  readonly #tombstones = new Map<string, Map<string, string>>();
  readonly #counters = new Map<string, number>();
  readonly #personNames = new Map<string, string>();
  readonly #listNames = new Map<string, Map<string, string>>();
  readonly #docNumbers = new Map<string, Map<string, string>>();
  readonly #children = new Map<string, Set<string>>();
  #tracker: ChangeTracker | undefined;
  readonly voided: Set<string> = new ObservedSet((key) => this.#tracker?.mark("voided", key));
  readonly ledger: Ledger;
  readonly links = new TxnLinks();
  readonly replies = new RequestReplayCache(REPLY_CAPACITY, (key) => this.#tracker?.mark("replies", key));
  readonly files = new AttachmentFiles((id) => this.#tracker?.mark("files", id));

  constructor(realmId: string, offsetMinutes: number) {
    this.realmId = realmId;
    this.offsetMinutes = offsetMinutes;
    this.ledger = new Ledger(
      (id) => this.get("Account", id)?.AccountType as string | undefined,
      (txnType, txnId) => this.#tracker?.mark("postings", `${txnType}:${txnId}`),
    );
  }

  /**
   * From now on, remembers what every write touches until {@link takeChanges} (a durable store's
   * journal); `notify` hears each change. `created`: the company itself is new.
   */
  trackChanges(notify: () => void, created = false): void {
    this.#tracker = new ChangeTracker(notify, created);
  }

  /** What changed since the last take (undefined when nothing did or nothing is tracked), then forgets it. */
  takeChanges(): CompanyChanges | undefined {
    const t = this.#tracker;
    if (!t || t.empty) return undefined;
    const objects: Array<[string, Doc]> = [];
    const tombstones: Array<[string, string, string]> = [];
    for (const key of t.objects) {
      const [entity, id] = key.split(KEY_SEPARATOR);
      const stone = this.#tombstones.get(entity)?.get(id);
      if (stone !== undefined) tombstones.push([entity, id, stone]);
      const doc = this.get(entity, id);
      if (doc) objects.push([entity, doc]);
    }
    const postings: Array<[string, string, readonly Posting[]]> = [];
    for (const key of t.postings) {
      const at = key.indexOf(":");
      const [txnType, txnId] = [key.slice(0, at), key.slice(at + 1)];
      postings.push([txnType, txnId, this.ledger.postingsOf(txnType, txnId)]);
    }
    const replies: Array<[string, ReplayedResponse]> = [];
    for (const key of t.replies) {
      const response = this.replies.get(key);
      if (response) replies.push([key, response]);
    }
    const changes: CompanyChanges = {
      realmId: this.realmId,
      ...(t.created ? { created: { offsetMinutes: this.offsetMinutes } } : {}),
      objects,
      tombstones,
      counters: Object.fromEntries([...t.counters].map((name) => [name, this.#counters.get(name) ?? 0])),
      voided: Object.fromEntries([...t.voided].map((key) => [key, this.voided.has(key)])),
      postings,
      files: Object.fromEntries([...t.files].map((id) => [id, this.files.get(id) ?? null])),
      replies,
    };
    t.clear();
    return changes;
  }

  /**
   * Replays changes taken from this company (journal replay at start): removals, then objects,
   * then everything else; transaction links are re-derived afterwards by the caller's `relink`.
   */
  applyChanges(changes: CompanyChanges): void {
    for (const [entity, id, lastUpdated] of changes.tombstones) this.remove(entity, id, lastUpdated, true);
    for (const [entity, doc] of changes.objects) this.put(entity, doc);
    for (const [name, value] of Object.entries(changes.counters)) this.#counters.set(name, value);
    for (const [key, voided] of Object.entries(changes.voided)) {
      if (voided) this.voided.add(key);
      else this.voided.delete(key);
    }
    for (const [txnType, txnId, postings] of changes.postings) this.ledger.replace(txnType, txnId, postings);
    this.files.load(changes.files);
    this.replies.load(changes.replies);
  }

  get(entity: string, id: string): Doc | undefined {
    return this.#objects.get(entity)?.get(id);
  }

  /** All stored objects of an entity, in id order of insertion. */
  list(entity: string): Doc[] {
    return [...(this.#objects.get(entity)?.values() ?? [])];
  }

  /** Stores (creates or replaces) an object and keeps the name and DocNumber indexes current. */
  put(entity: string, doc: Doc): void {
    const id = String(doc.Id);
    let map = this.#objects.get(entity);
    if (!map) {
      map = new Map();
      this.#objects.set(entity, map);
    }
    const previous = map.get(id);
    if (previous) this.#unindex(entity, previous);
    map.set(id, doc);
    this.#index(entity, doc);
    this.#tracker?.mark("objects", `${entity}${KEY_SEPARATOR}${id}`);
  }

  /**
   * Hard-deletes a transaction and leaves a tombstone stamped `lastUpdated` for CDC. `replaying`:
   * the tombstone is recorded even when the object is not there (created and deleted between saves).
   */
  remove(entity: string, id: string, lastUpdated: string, replaying = false): void {
    const map = this.#objects.get(entity);
    const previous = map?.get(id);
    if (!replaying && (!map || !previous)) return;
    if (map && previous) {
      this.#unindex(entity, previous);
      map.delete(id);
    }
    this.#tracker?.mark("objects", `${entity}${KEY_SEPARATOR}${id}`);
    const stones = this.#tombstones.get(entity) ?? new Map<string, string>();
    stones.set(id, lastUpdated);
    this.#tombstones.set(entity, stones);
  }

  isDeleted(entity: string, id: string): boolean {
    return this.#tombstones.get(entity)?.has(id) ?? false;
  }

  tombstonesOf(entity: string): ReadonlyArray<[string, string]> {
    return [...(this.#tombstones.get(entity)?.entries() ?? [])];
  }

  /** Next value of a named counter (ids per entity, DocNumbers per form), starting at `first`. */
  next(counter: string, first = 1): number {
    const value = this.#counters.get(counter) ?? first;
    this.#counters.set(counter, value + 1);
    this.#tracker?.mark("counters", counter);
    return value;
  }

  /** Raises a counter so it never hands out `value` or lower again. */
  reserve(counter: string, value: number): void {
    if ((this.#counters.get(counter) ?? 0) <= value) {
      this.#counters.set(counter, value + 1);
      this.#tracker?.mark("counters", counter);
    }
  }

  /** "Customer:5" holding this (fully qualified) name among customers, vendors and employees. */
  personNameOwner(qualifiedName: string): string | undefined {
    return this.#personNames.get(nameKey(qualifiedName));
  }

  /** Id of the `entity` object with this fully qualified name (accounts, classes, items ...). */
  listNameOwner(entity: string, fullyQualifiedName: string): string | undefined {
    return this.#listNames.get(entity)?.get(nameKey(fullyQualifiedName));
  }

  /** Id of the `entity` transaction with this DocNumber. */
  docNumberOwner(entity: string, docNumber: string): string | undefined {
    return this.#docNumbers.get(entity)?.get(docNumber);
  }

  /** Direct children (ParentRef) of a customer, account, class, department or item. */
  childrenOf(entity: string, parentId: string): Doc[] {
    const ids = this.#children.get(`${entity}:${parentId}`);
    if (!ids) return [];
    const out: Doc[] = [];
    for (const id of ids) {
      const doc = this.get(entity, id);
      if (doc) out.push(doc);
    }
    return out;
  }

  #index(entity: string, doc: Doc): void {
    const key = `${entity}:${doc.Id}`;
    const parentId = parentOf(doc);
    if (parentId !== undefined) {
      const set = this.#children.get(`${entity}:${parentId}`) ?? new Set<string>();
      set.add(String(doc.Id));
      this.#children.set(`${entity}:${parentId}`, set);
    }
    if (PERSON_ENTITIES.has(entity) && typeof doc.DisplayName === "string") {
      this.#personNames.set(nameKey(String(doc.FullyQualifiedName ?? doc.DisplayName)), key);
    } else if (typeof doc.Name === "string") {
      const map = this.#listNames.get(entity) ?? new Map<string, string>();
      map.set(nameKey(String(doc.FullyQualifiedName ?? doc.Name)), String(doc.Id));
      this.#listNames.set(entity, map);
    }
    if (typeof doc.DocNumber === "string" && doc.DocNumber !== "") {
      const map = this.#docNumbers.get(entity) ?? new Map<string, string>();
      if (!map.has(doc.DocNumber)) map.set(doc.DocNumber, String(doc.Id));
      this.#docNumbers.set(entity, map);
    }
  }

  #unindex(entity: string, doc: Doc): void {
    const key = `${entity}:${doc.Id}`;
    const parentId = parentOf(doc);
    if (parentId !== undefined) this.#children.get(`${entity}:${parentId}`)?.delete(String(doc.Id));
    if (PERSON_ENTITIES.has(entity) && typeof doc.DisplayName === "string") {
      if (this.#personNames.get(nameKey(doc.DisplayName)) === key) {
        this.#personNames.delete(nameKey(doc.DisplayName));
      }
    } else if (typeof doc.Name === "string") {
      const map = this.#listNames.get(entity);
      const k = nameKey(String(doc.FullyQualifiedName ?? doc.Name));
      if (map?.get(k) === String(doc.Id)) map.delete(k);
    }
    if (typeof doc.DocNumber === "string") {
      const map = this.#docNumbers.get(entity);
      if (map?.get(doc.DocNumber) === String(doc.Id)) map.delete(doc.DocNumber);
    }
  }

  entityNames(): string[] {
    return [...this.#objects.keys()];
  }

  toSnapshot(): CompanySnapshot {
    const objects: Record<string, Doc[]> = {};
    for (const [entity, map] of this.#objects) objects[entity] = [...map.values()];
    const tombstones: Record<string, Record<string, string>> = {};
    for (const [entity, map] of this.#tombstones) tombstones[entity] = Object.fromEntries(map);
    return {
      realmId: this.realmId,
      offsetMinutes: this.offsetMinutes,
      objects: structuredClone(objects),
      tombstones,
      counters: Object.fromEntries(this.#counters),
      voided: [...this.voided],
      postings: this.ledger.allPostings(),
      files: this.files.toJSON(),
      replies: this.replies.entries(),
    };
  }

  /** Rebuilds a company from a snapshot; links are re-derived by the caller's `relink`. */
  static fromSnapshot(snapshot: CompanySnapshot): CompanyState {
    const state = new CompanyState(snapshot.realmId, snapshot.offsetMinutes);
    // Accounts first, so the ledger can classify A/R and A/P postings.
    for (const doc of snapshot.objects.Account ?? []) state.put("Account", structuredClone(doc));
    for (const [entity, docs] of Object.entries(snapshot.objects)) {
      if (entity === "Account") continue;
      for (const doc of docs) state.put(entity, structuredClone(doc));
    }
    for (const [entity, stones] of Object.entries(snapshot.tombstones)) {
      state.#tombstones.set(entity, new Map(Object.entries(stones)));
    }
    for (const [name, value] of Object.entries(snapshot.counters)) state.#counters.set(name, value);
    for (const key of snapshot.voided) state.voided.add(key);
    state.ledger.load(snapshot.postings);
    state.files.load(snapshot.files ?? {});
    state.replies.load(snapshot.replies ?? []);
    return state;
  }
}

function parentOf(doc: Doc): string | undefined {
  const ref = doc.ParentRef as { value?: unknown } | undefined;
  return ref && ref.value !== undefined ? String(ref.value) : undefined;
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
