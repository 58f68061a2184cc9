import {
  QUICKBOOKS_RATE_LIMITS,
  type RateBudget,
  type RateBudgetKind,
  type RateDecision,
  type RateLimits,
  windowsOf,
} from "../../domain/ports/rate_budget.ts";

/**
 * Rate budget kept in this process's memory: right for a single worker and for tests. Several
 * workers must share the database-backed implementation instead (same algorithm, same limits).
 */
export class InProcessRateBudget implements RateBudget {
  readonly #limits: RateLimits;
  readonly #calls = new Map<string, number[]>();
  readonly #batches = new Map<string, number[]>();
  readonly #inFlight = new Map<string, Map<string, number>>();
  #sequence = 0;

  constructor(limits: RateLimits = QUICKBOOKS_RATE_LIMITS) {
    this.#limits = limits;
  }

  tryAcquire(realmId: string, kind: RateBudgetKind, now: Date): Promise<RateDecision> {
    const at = now.getTime();
    const { second, minute } = windowsOf(this.#limits);
    const calls = prune(this.#calls, realmId, at - minute);
    const batches = prune(this.#batches, realmId, at - minute);
    const inFlight = this.#inFlight.get(realmId) ?? new Map<string, number>();
    for (const [permit, startedAt] of inFlight) {
      if (startedAt + this.#limits.permitTtlMs <= at) inFlight.delete(permit);
    }
    const lastSecond = calls.filter((t) => t > at - second);
    const waits: number[] = [];
    if (calls.length >= this.#limits.perMinute) {
      waits.push(calls[calls.length - this.#limits.perMinute] + minute - at);
    }
    if (lastSecond.length >= this.#limits.perSecond) {
      waits.push(lastSecond[lastSecond.length - this.#limits.perSecond] + second - at);
    }
    if (kind === "batch" && batches.length >= this.#limits.batchPerMinute) {
      waits.push(batches[batches.length - this.#limits.batchPerMinute] + minute - at);
    }
    if (inFlight.size >= this.#limits.concurrent) waits.push(50);
    if (waits.length > 0) return Promise.resolve({ granted: false, retryAfterMs: Math.max(1, ...waits) });
    calls.push(at);
    if (kind === "batch") batches.push(at);
    const permitId = `p${++this.#sequence}`;
    inFlight.set(permitId, at);
    this.#inFlight.set(realmId, inFlight);
    return Promise.resolve({ granted: true, permitId });
  }

  release(realmId: string, permitId: string): Promise<void> {
    this.#inFlight.get(realmId)?.delete(permitId);
    return Promise.resolve();
  }
}

function prune(store: Map<string, number[]>, realmId: string, after: number): number[] {
  const kept = (store.get(realmId) ?? []).filter((t) => t > after);
  store.set(realmId, kept);
  return kept;
}
