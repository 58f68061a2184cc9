/**
 * Sliding-window request log: a request at instant t counts the admitted requests of the same key
 * with timestamps in (t - window, t]. Exact and easy to test with a frozen clock (a request exactly
 * one window after another no longer sees it); memory is one number per admitted request.
 */
export class SlidingWindowLog {
  readonly #windowMs: number;
  readonly #entries = new Map<string, { times: number[]; head: number }>();

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** Admitted requests of `key` still inside the window ending at `nowMs`. */
  count(key: string, nowMs: number): number {
    const entry = this.#entries.get(key);
    if (!entry) return 0;
    const cutoff = nowMs - this.#windowMs;
    while (entry.head < entry.times.length && entry.times[entry.head] <= cutoff) entry.head++;
    if (entry.head > 1024 && entry.head * 2 > entry.times.length) {
      entry.times = entry.times.slice(entry.head);
      entry.head = 0;
    }
    return entry.times.length - entry.head;
  }

  record(key: string, nowMs: number): void {
    const entry = this.#entries.get(key);
    if (entry) entry.times.push(nowMs);
    else this.#entries.set(key, { times: [nowMs], head: 0 });
  }

  clear(): void {
    this.#entries.clear();
  }
}
