/**
 * Faults the admin API arms for upcoming `/v3` requests: fail the next N with 500/503, drop the
 * next N connections, throttle the next N with 429, and add latency. Rules apply in the order they
 * were armed, optionally only to one realm; each matching request consumes one unit.
 */
import type { SeededRandom } from "../clock/seeded_random.ts";

export type InjectedFault =
  | { readonly kind: "status"; readonly status: 500 | 503 }
  | { readonly kind: "drop" }
  /** A 429; `retryAfterSeconds` adds a Retry-After header (QBO sends none: clients then wait 60 s). */
  | { readonly kind: "throttle"; readonly retryAfterSeconds?: number };

interface FaultRule {
  readonly fault: InjectedFault;
  readonly realmId?: string;
  remaining: number;
}

interface LatencyRule {
  readonly ms: number;
  readonly jitterMs: number;
  /** Requests left to delay; Infinity until cleared. */
  remaining: number;
}

export interface FaultPlan {
  readonly faults: ReadonlyArray<{ fault: InjectedFault; realmId?: string; remaining: number }>;
  readonly latency?: { ms: number; jitterMs: number; remaining: number | null };
}

export class FaultInjector {
  readonly #random: SeededRandom;
  #rules: FaultRule[] = [];
  #latency: LatencyRule | undefined;

  constructor(random: SeededRandom) {
    this.#random = random;
  }

  arm(fault: InjectedFault, count: number, realmId?: string): void {
    if (count > 0) this.#rules.push({ fault, realmId, remaining: count });
  }

  /** Delays requests by `ms` plus up to `jitterMs` (seeded); `count` omitted = until cleared. */
  setLatency(ms: number, options: { jitterMs?: number; count?: number } = {}): void {
    this.#latency = { ms, jitterMs: options.jitterMs ?? 0, remaining: options.count ?? Infinity };
  }

  /** Consumes and returns the first armed fault that applies to the realm. */
  takeFault(realmId: string): InjectedFault | undefined {
    const index = this.#rules.findIndex((r) => r.realmId === undefined || r.realmId === realmId);
    if (index < 0) return undefined;
    const rule = this.#rules[index];
    rule.remaining--;
    if (rule.remaining <= 0) this.#rules.splice(index, 1);
    return rule.fault;
  }

  /** Milliseconds to delay this request (0 when no latency is armed). */
  takeLatencyMs(): number {
    const rule = this.#latency;
    if (!rule) return 0;
    rule.remaining--;
    if (rule.remaining <= 0) this.#latency = undefined;
    return rule.ms + (rule.jitterMs > 0 ? this.#random.nextInt(rule.jitterMs + 1) : 0);
  }

  clear(): void {
    this.#rules = [];
    this.#latency = undefined;
  }

  describe(): FaultPlan {
    return {
      faults: this.#rules.map((r) => ({ fault: r.fault, realmId: r.realmId, remaining: r.remaining })),
      latency: this.#latency
        ? {
          ms: this.#latency.ms,
          jitterMs: this.#latency.jitterMs,
          remaining: Number.isFinite(this.#latency.remaining) ? this.#latency.remaining : null,
        }
        : undefined,
    };
  }
}
