import type { ChangeListener, CompanyDirectory, EmulatorClock } from "../contracts.ts";
import { browseCompany, type BrowseOutcome, type BrowseRequest } from "./company_browser.ts";
import { CompanyOperations } from "./company_operations.ts";
import { type CompanySnapshot, CompanyState } from "./company_state.ts";
import { type NewCompanyOptions, seedCompany } from "./default_company.ts";
import { formatQboDate } from "./qbo_time.ts";

/**
 * All emulated QBO companies (realms), in memory, optionally mirrored to a JSON file so state
 * survives restarts. Writes mark the store dirty; the file is rewritten at most every
 * `autosaveMs` and on {@link CompanyStore.close}.
 */
export interface CompanyStoreOptions {
  readonly clock: EmulatorClock;
  /** JSON file to load at start (if present) and save to after changes. */
  readonly filePath?: string;
  readonly autosaveMs?: number;
}

export interface StoreSnapshot {
  readonly version: 1;
  readonly companies: CompanySnapshot[];
}

/** QBO realm ids are 16-digit numbers; sandbox ones start with 9341452. */
const REALM_PREFIX = "9341452";
const DEFAULT_OFFSET_MINUTES = -420;

export class CompanyStore implements CompanyDirectory {
  readonly clock: EmulatorClock;
  readonly #companies = new Map<string, CompanyState>();
  readonly #filePath: string | undefined;
  readonly #autosaveMs: number;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: CompanyStoreOptions) {
    this.clock = options.clock;
    this.#filePath = options.filePath;
    this.#autosaveMs = options.autosaveMs ?? 250;
  }

  createCompany(options: NewCompanyOptions): { realmId: string; companyName: string } {
    const realmId = options.realmId ?? this.#nextRealmId();
    if (!/^\d{1,20}$/.test(realmId)) throw new RangeError(`realm ids are numeric, got ${realmId}`);
    if (this.#companies.has(realmId)) throw new RangeError(`realm ${realmId} already exists`);
    const state = new CompanyState(realmId, options.offsetMinutes ?? DEFAULT_OFFSET_MINUTES);
    const ops = new CompanyOperations(state, this.clock);
    seedCompany(ops, options, formatQboDate(this.clock.now(), state.offsetMinutes));
    this.#companies.set(realmId, state);
    this.#changed();
    return { realmId, companyName: options.companyName };
  }

  company(realmId: string): CompanyState | undefined {
    return this.#companies.get(realmId);
  }

  /** The write/read API of one company; `onChange` hears every change (webhooks, CDC). */
  operations(realmId: string, onChange?: ChangeListener): CompanyOperations | undefined {
    const state = this.#companies.get(realmId);
    if (!state) return undefined;
    return new CompanyOperations(state, this.clock, (event) => {
      this.#changed();
      onChange?.(event);
    });
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
    this.#companies.clear();
    for (const company of snapshot.companies) {
      const state = CompanyState.fromSnapshot(company);
      new CompanyOperations(state, this.clock).relink();
      this.#companies.set(state.realmId, state);
    }
    this.#changed();
  }

  /** Loads the state file if it exists; returns whether it did. */
  load(): boolean {
    if (!this.#filePath) return false;
    let text: string;
    try {
      text = Deno.readTextFileSync(this.#filePath);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
    this.restore(JSON.parse(text) as StoreSnapshot);
    return true;
  }

  /** Writes the state file now (no-op without a file path). */
  save(): void {
    if (this.#saveTimer !== undefined) clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    if (!this.#filePath) return;
    const tmp = `${this.#filePath}.tmp`;
    Deno.writeTextFileSync(tmp, JSON.stringify(this.snapshot()));
    Deno.renameSync(tmp, this.#filePath);
  }

  /** Flushes pending changes and stops the autosave timer. */
  close(): void {
    if (this.#saveTimer !== undefined || this.#filePath) this.save();
  }

  #changed(): void {
    if (!this.#filePath || this.#saveTimer !== undefined) return;
    const timer = setTimeout(() => this.save(), this.#autosaveMs);
    Deno.unrefTimer(timer as unknown as number);
    this.#saveTimer = timer;
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
