/** One fixed window of one subject to count a call in. */
export interface CounterWindow {
  readonly subject: string;
  readonly windowSeconds: number;
  /** Epoch seconds of the window's start. */
  readonly windowStart: number;
}

/**
 * Fixed-window call counters shared by every instance of the service (the database): what makes a
 * rate limit hold in total, not per process.
 */
export interface RateCounters {
  /**
   * Adds `amount` (default 1) to each window atomically and answers each window's count after it,
   * in order. A window is kept until `keepUntil` (epoch seconds), then purged.
   */
  add(
    windows: readonly CounterWindow[],
    keepUntil: (window: CounterWindow) => number,
    amount?: number,
  ): Promise<number[]>;
  /** The counts of a subject's windows of `windowSeconds` starting at or after `fromWindowStart`. */
  counts(
    subject: string,
    windowSeconds: number,
    fromWindowStart: number,
  ): Promise<{ readonly windowStart: number; readonly count: number }[]>;
  /** Deletes the windows kept until before `epochSeconds`; answers how many. */
  purge(epochSeconds: number): Promise<number>;
}
