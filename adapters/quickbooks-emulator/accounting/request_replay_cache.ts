/**
 * QBO's `requestid` idempotency: a repeated requestid (per realm and operation) answers with the
 * first response instead of executing again. Bounded: the oldest entries are forgotten first.
 */
export interface ReplayedResponse {
  readonly status: number;
  readonly body: unknown;
}

export class RequestReplayCache {
  readonly #entries = new Map<string, ReplayedResponse>();
  readonly #capacity: number;
  readonly #onSet: (key: string) => void;

  /** `onSet` hears every key answered (the durable store's change tracking). */
  constructor(capacity: number, onSet: (key: string) => void = () => {}) {
    this.#capacity = capacity;
    this.#onSet = onSet;
  }

  get(key: string): ReplayedResponse | undefined {
    return this.#entries.get(key);
  }

  set(key: string, response: ReplayedResponse): void {
    this.#put(key, response);
    this.#onSet(key);
  }

  /** Entries oldest first (what a snapshot keeps). */
  entries(): Array<[string, ReplayedResponse]> {
    return [...this.#entries];
  }

  /** Restores persisted entries, oldest first; not reported as changes. */
  load(entries: ReadonlyArray<readonly [string, ReplayedResponse]>): void {
    for (const [key, response] of entries) this.#put(key, response);
  }

  #put(key: string, response: ReplayedResponse): void {
    this.#entries.delete(key);
    this.#entries.set(key, response);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
