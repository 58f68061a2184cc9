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
}

/** Intuit's documented limits (per realm and app). */
export const QUICKBOOKS_RATE_LIMITS: RateLimits = {
  perMinute: 500,
  perSecond: 10,
  concurrent: 10,
  batchPerMinute: 40,
  permitTtlMs: 130_000,
};

export type RateDecision =
  | { readonly granted: true; readonly permitId: string }
  | { readonly granted: false; readonly retryAfterMs: number };

export interface RateBudget {
  /** Takes one permit for a call of `kind` at `now`, or says how long to wait. */
  tryAcquire(realmId: string, kind: RateBudgetKind, now: Date): Promise<RateDecision>;
  /**
   * The call's answer came back at `now`: the permit frees its concurrency slot and from then on
   * counts in the rate windows from `now` (see rate_windows.ts for why).
   */
  release(realmId: string, permitId: string, now: Date): Promise<void>;
}
