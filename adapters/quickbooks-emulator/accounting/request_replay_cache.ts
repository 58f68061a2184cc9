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

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string): ReplayedResponse | undefined {
    return this.#entries.get(key);
  }

  set(key: string, response: ReplayedResponse): void {
    this.#entries.set(key, response);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
