import type { ChangeListener, CompanyDirectory, EmulatorClock } from "../contracts.ts";
import { AppendJournal } from "../persistence/append_journal.ts";
import { writeFileDurably } from "../persistence/durable_files.ts";
import type { CompanyChanges } from "./company_changes.ts";
import { browseCompany, type BrowseOutcome, type BrowseRequest } from "./company_browser.ts";
import { CompanyOperations } from "./company_operations.ts";
import { type CompanySnapshot, CompanyState } from "./company_state.ts";
import { type NewCompanyOptions, seedCompany } from "./default_company.ts";
import { formatQboDate } from "./qbo_time.ts";

/**
 * All emulated QBO companies (realms), in memory, optionally persisted so state survives restarts
 * and crashes: with a `filePath`, {@link CompanyStore.commit} appends what changed since the last
 * commit to a journal next to the file and syncs it to disk before returning (the emulator commits
 * before every answer, so an acknowledged write survives kill -9, ids included). The journal is
 * replayed at start and compacted into the snapshot file once it grows past `compactBytes`, at
 * start and on {@link CompanyStore.close}.
 */
export interface CompanyStoreOptions {
  readonly clock: EmulatorClock;
  /** JSON snapshot to load at start (if present); with it, every change is journaled durably. */
  readonly filePath?: string;
  /** A change made outside a request (direct use of the operations) is committed after at most this long. */
  readonly autosaveMs?: number;
  /** The journal is folded into the snapshot once it holds this many bytes. */
  readonly compactBytes?: number;
}

export interface StoreSnapshot {
  readonly version: 1;
  readonly companies: CompanySnapshot[];
  /** The last journal entry the snapshot includes: replay skips entries up to it. */
  readonly journalSeq?: number;
}

/** One commit: every company's changes since the previous one. */
interface JournalEntry {
  readonly seq: number;
  readonly companies: CompanyChanges[];
}

/** The journal that goes with a snapshot file: `state.json` -> `state.journal.jsonl`. */
export function journalPath(filePath: string): string {
  return (filePath.endsWith(".json") ? filePath.slice(0, -".json".length) : filePath) + ".journal.jsonl";
}

/** QBO realm ids are 16-digit numbers; sandbox ones start with 9341452. */
const REALM_PREFIX = "9341452";
const DEFAULT_OFFSET_MINUTES = -420;
const DEFAULT_COMPACT_BYTES = 16 * 1024 * 1024;

export class CompanyStore implements CompanyDirectory {
  readonly clock: EmulatorClock;
  readonly #companies = new Map<string, CompanyState>();
  readonly #filePath: string | undefined;
  readonly #autosaveMs: number;
  readonly #compactBytes: number;
  #journal: AppendJournal | undefined;
  /** Sequence number of the last journal entry written (or included in the snapshot). */
  #seq = 0;
  /** Something changed since the last commit. */
  #pending = false;
  /** The next commit writes a whole snapshot (companies were replaced, or a journal write failed). */
  #snapshotDue: boolean;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: CompanyStoreOptions) {
    this.clock = options.clock;
    this.#filePath = options.filePath;
    this.#autosaveMs = options.autosaveMs ?? 250;
    this.#compactBytes = options.compactBytes ?? DEFAULT_COMPACT_BYTES;
    // Until load() says what is on disk, the first commit writes everything.
    this.#snapshotDue = options.filePath !== undefined;
  }

  createCompany(options: NewCompanyOptions): { realmId: string; companyName: string } {
    const realmId = options.realmId ?? this.#nextRealmId();
    if (!/^\d{1,20}$/.test(realmId)) throw new RangeError(`realm ids are numeric, got ${realmId}`);
    if (this.#companies.has(realmId)) throw new RangeError(`realm ${realmId} already exists`);
    const state = new CompanyState(realmId, options.offsetMinutes ?? DEFAULT_OFFSET_MINUTES);
    this.#track(state, true);
    const ops = new CompanyOperations(state, this.clock);
    seedCompany(ops, options, formatQboDate(this.clock.now(), state.offsetMinutes));
    this.#companies.set(realmId, state);
    return { realmId, companyName: options.companyName };
  }

  company(realmId: string): CompanyState | undefined {
    return this.#companies.get(realmId);
  }

  /** The write/read API of one company; `onChange` hears every change (webhooks, CDC). */
  operations(realmId: string, onChange?: ChangeListener): CompanyOperations | undefined {
    const state = this.#companies.get(realmId);
    if (!state) return undefined;
    return new CompanyOperations(state, this.clock, onChange);
  }

  listCompanies(): ReadonlyArray<{ realmId: string; companyName: string }> {
    return [...this.#companies.values()].map((s) => ({
      realmId: s.realmId,
      companyName: String(s.get("CompanyInfo", "1")?.CompanyName ?? ""),
    }));
  }

  hasRealm(realmId: string): boolean {
    return this.#companies.has(realmId);
  }

  /** Read-only listing of one entity's objects (the admin API's browse route). */
  browse(request: BrowseRequest): BrowseOutcome {
    return browseCompany(this, request);
  }

  snapshot(): StoreSnapshot {
    return { version: 1, companies: [...this.#companies.values()].map((s) => s.toSnapshot()) };
  }

  /** Replaces all companies with a snapshot's (links are re-derived from the documents). */
  restore(snapshot: StoreSnapshot): void {
    this.#restoreCompanies(snapshot);
    for (const state of this.#companies.values()) {
      this.#relink(state);
      this.#track(state, false);
    }
    this.#snapshotDue = true;
    this.#changed();
  }

  /**
   * Loads the snapshot file and replays the journal's later entries (a torn last line is dropped);
   * returns whether there was any state. Then folds the journal into a fresh snapshot.
   */
  load(): boolean {
    if (!this.#filePath) return false;
    let text: string | undefined;
    try {
      text = Deno.readTextFileSync(this.#filePath);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    const snapshot = text === undefined ? undefined : JSON.parse(text) as StoreSnapshot;
    if (snapshot) this.#restoreCompanies(snapshot);
    this.#seq = snapshot?.journalSeq ?? 0;
    this.#journal?.close();
    this.#journal = new AppendJournal(journalPath(this.#filePath));
    const replayed = this.#replay(this.#journal.entries);
    for (const state of this.#companies.values()) {
      this.#relink(state);
      this.#track(state, false);
    }
    this.#snapshotDue = false;
    if (replayed > 0 || this.#journal.tornBytes > 0 || this.#journal.bytes > 0) this.#compact();
    return snapshot !== undefined || replayed > 0;
  }

  /**
   * Makes every change so far durable before returning: one journal entry, synced to disk (or a
   * whole snapshot after a restore). The emulator calls it before each answer; a no-op without a
   * file or without changes.
   */
  commit(): void {
    this.#cancelTimer();
    if (!this.#filePath || !this.#pending) return;
    this.#pending = false;
    if (this.#snapshotDue) return this.#compact();
    const companies: CompanyChanges[] = [];
    for (const state of this.#companies.values()) {
      const changes = state.takeChanges();
      if (changes) companies.push(changes);
    }
    if (companies.length === 0) return;
    const journal = this.#openJournal();
    try {
      journal.append({ seq: this.#seq + 1, companies } satisfies JournalEntry);
    } catch (error) {
      // What was taken now lives in memory only: the next commit writes a whole snapshot.
      this.#snapshotDue = true;
      this.#pending = true;
      throw error;
    }
    this.#seq += 1;
    if (journal.bytes >= this.#compactBytes) this.#compact();
  }

  /** Writes the whole state to the snapshot file now and empties the journal (no-op without a file path). */
  save(): void {
    if (this.#filePath) this.#compact();
  }

  /** Commits pending changes, folds the journal into the snapshot and closes it. */
  close(): void {
    if (!this.#filePath) return;
    this.#compact();
    this.#journal?.close();
    this.#journal = undefined;
  }

  #restoreCompanies(snapshot: StoreSnapshot): void {
    this.#companies.clear();
    for (const company of snapshot.companies) {
      const state = CompanyState.fromSnapshot(company);
      this.#companies.set(state.realmId, state);
    }
  }

  /** Applies the journal entries the snapshot does not include yet; returns how many. */
  #replay(entries: readonly unknown[]): number {
    let replayed = 0;
    for (const [index, raw] of entries.entries()) {
      const entry = raw as Partial<JournalEntry>;
      if (typeof entry.seq !== "number" || !Array.isArray(entry.companies)) {
        throw new SyntaxError(`${journalPath(this.#filePath!)}: entry ${index + 1} is not a journal entry`);
      }
      if (entry.seq <= this.#seq) continue;
      for (const changes of entry.companies) {
        let state = this.#companies.get(changes.realmId);
        if (!state) {
          if (!changes.created) {
            throw new RangeError(
              `journal entry ${entry.seq} changes realm ${changes.realmId}, which does not exist`,
            );
          }
          state = new CompanyState(changes.realmId, changes.created.offsetMinutes);
          this.#companies.set(changes.realmId, state);
        }
        state.applyChanges(changes);
      }
      this.#seq = entry.seq;
      replayed++;
    }
    return replayed;
  }

  #compact(): void {
    this.#cancelTimer();
    const filePath = this.#filePath!;
    // Everything in memory goes into the snapshot; if writing it fails, the next commit tries again.
    this.#snapshotDue = true;
    this.#pending = true;
    for (const state of this.#companies.values()) state.takeChanges();
    writeFileDurably(filePath, JSON.stringify({ ...this.snapshot(), journalSeq: this.#seq }));
    this.#openJournal().clear();
    this.#snapshotDue = false;
    this.#pending = false;
  }

  #openJournal(): AppendJournal {
    this.#journal ??= new AppendJournal(journalPath(this.#filePath!));
    return this.#journal;
  }

  #relink(state: CompanyState): void {
    new CompanyOperations(state, this.clock).relink();
  }

  /** With a file, the company reports its changes here (`created`: the company itself is new). */
  #track(state: CompanyState, created: boolean): void {
    if (this.#filePath) state.trackChanges(() => this.#changed(), created);
  }

  /** A change made outside a request still reaches the disk soon (requests commit before answering). */
  #changed(): void {
    this.#pending = true;
    if (!this.#filePath || this.#saveTimer !== undefined) return;
    const timer = setTimeout(() => {
      this.#saveTimer = undefined;
      try {
        this.commit();
      } catch {
        // Left pending: the next request's commit retries and answers the failure to its caller.
      }
    }, this.#autosaveMs);
    Deno.unrefTimer(timer as unknown as number);
    this.#saveTimer = timer;
  }

  #cancelTimer(): void {
    if (this.#saveTimer !== undefined) clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
  }

  #nextRealmId(): string {
    for (let n = this.#companies.size + 1;; n++) {
      const id = `${REALM_PREFIX}${String(n).padStart(9, "0")}`;
      if (!this.#companies.has(id)) return id;
    }
  }
}

/** The accounting core's company store; loads `filePath` when it exists. */
export function createCompanyStore(options: CompanyStoreOptions): CompanyStore {
  const store = new CompanyStore(options);
  store.load();
  return store;
}
