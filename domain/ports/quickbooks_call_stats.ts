/**
 * Figures of the QuickBooks calls this process made, per realm: what the health answer shows as
 * calls, error rate, 429s and latency over the last hour. Nothing stores calls in the database, so
 * these are one process's own figures (another worker's calls are not in them), and start from
 * zero when the process starts.
 */
import type { ApiCallFacts } from "../health/health_facts.ts";

/** How one HTTP exchange with QuickBooks ended. */
export type QuickBooksCallOutcome = "ok" | "throttled" | "error";

export interface QuickBooksCallRecord {
  readonly realmId: string;
  /** When the answer came back (Clock port). */
  readonly at: Date;
  readonly durationMs: number;
  readonly outcome: QuickBooksCallOutcome;
}

/** Told about every exchange by the QuickBooks client. Never throws. */
export interface QuickBooksCallObserver {
  record(call: QuickBooksCallRecord): void;
}

export interface QuickBooksCallStats extends QuickBooksCallObserver {
  /** The realm's calls in the hour before `now`. */
  lastHour(realmId: string, now: Date): ApiCallFacts;
}
