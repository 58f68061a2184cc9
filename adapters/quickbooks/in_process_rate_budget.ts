import {
  QUICKBOOKS_RATE_LIMITS,
  type RateBudget,
  type RateBudgetKind,
  type RateDecision,
  type RateLimits,
} from "../../domain/ports/rate_budget.ts";
import { MINUTE_MS, type PermitRecord, permitWait } from "../../domain/ports/rate_windows.ts";

/**
 * Rate budget kept in this process's memory: right for a single worker and for tests. Several
 * workers must share the database-backed implementation instead (same rule, same limits).
 */
export class InProcessRateBudget implements RateBudget {
  readonly #limits: RateLimits;
  readonly #permits = new Map<string, Map<string, PermitRecord>>();
  #sequence = 0;

  constructor(limits: RateLimits = QUICKBOOKS_RATE_LIMITS) {
    this.#limits = limits;
  }

  tryAcquire(realmId: string, kind: RateBudgetKind, now: Date): Promise<RateDecision> {
    const at = now.getTime();
    const permits = this.#permits.get(realmId) ?? new Map<string, PermitRecord>();
    this.#permits.set(realmId, permits);
    for (const [id, p] of permits) {
      if (p.at <= at - Math.max(MINUTE_MS, this.#limits.permitTtlMs)) permits.delete(id);
    }
    const wait = permitWait([...permits.values()], kind, at, this.#limits);
    if (wait > 0) return Promise.resolve({ granted: false, retryAfterMs: wait });
    const permitId = `p${++this.#sequence}`;
    permits.set(permitId, { kind, at, inFlight: true });
    return Promise.resolve({ granted: true, permitId });
  }

  release(realmId: string, permitId: string, now: Date): Promise<void> {
    const permits = this.#permits.get(realmId);
    const permit = permits?.get(permitId);
    if (permits && permit?.inFlight) permits.set(permitId, { ...permit, at: now.getTime(), inFlight: false });
    return Promise.resolve();
  }
}
