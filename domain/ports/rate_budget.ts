/**
 * QuickBooks Online's per-company (realm) limits, shared by every worker of the deployment:
 * 500 requests per minute, 10 per second, 10 in flight at once, and 40 batch requests per
 * minute. Implementations persist the counters so that several processes draw on one budget.
 */
export type RateBudgetKind = "call" | "batch";

export interface RateLimits {
  readonly perMinute: number;
  readonly perSecond: number;
  readonly concurrent: number;
  readonly batchPerMinute: number;
  /** A permit not released after this long is presumed lost (crashed worker). */
  readonly permitTtlMs: number;
  /**
   * Lengthens both windows (1 s and 60 s) by this much. Intuit counts a request when it arrives, we
   * count it when we send it; without a guard, uneven network delay lets the 11th request of our
   * second land inside Intuit's second, and a 429 costs QBO's 60-second throttle wait. Default 0.
   */
  readonly windowGuardMs?: number;
}

/** Intuit's documented limits (per realm and app). */
export const QUICKBOOKS_RATE_LIMITS: RateLimits = {
  perMinute: 500,
  perSecond: 10,
  concurrent: 10,
  batchPerMinute: 40,
  permitTtlMs: 130_000,
  windowGuardMs: 250,
};

export type RateDecision =
  | { readonly granted: true; readonly permitId: string }
  | { readonly granted: false; readonly retryAfterMs: number };

export interface RateBudget {
  /** Takes one permit for a call of `kind` at `now`, or says how long to wait. */
  tryAcquire(realmId: string, kind: RateBudgetKind, now: Date): Promise<RateDecision>;
  /** Returns a permit's concurrency slot once the call finished. */
  release(realmId: string, permitId: string): Promise<void>;
}

/** The windows a budget counts over: Intuit's second and minute, each lengthened by the guard. */
export function windowsOf(limits: RateLimits): { readonly second: number; readonly minute: number } {
  const guard = limits.windowGuardMs ?? 0;
  return { second: 1000 + guard, minute: 60_000 + guard };
}
