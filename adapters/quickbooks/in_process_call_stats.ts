import { nearestRankPercentile } from "../../domain/health/latency_percentiles.ts";
import type { ApiCallFacts } from "../../domain/health/health_facts.ts";
import type { QuickBooksCallRecord, QuickBooksCallStats } from "../../domain/ports/quickbooks_call_stats.ts";

const HOUR_MS = 3_600_000;

/**
 * The last hour of this process's QuickBooks calls per realm, in memory: each call is kept until it
 * is an hour old (pruned as calls come in and as figures are read), at most `maxPerRealm` per realm
 * (the oldest go first), so memory stays bounded under a storm.
 */
export class InProcessCallStats implements QuickBooksCallStats {
  readonly #calls = new Map<string, QuickBooksCallRecord[]>();
  readonly #maxPerRealm: number;

  constructor(maxPerRealm = 50_000) {
    this.#maxPerRealm = maxPerRealm;
  }

  record(call: QuickBooksCallRecord): void {
    const calls = this.#calls.get(call.realmId) ?? [];
    calls.push(call);
    if (calls.length > this.#maxPerRealm) calls.splice(0, calls.length - this.#maxPerRealm);
    this.#calls.set(call.realmId, this.#prune(calls, call.at));
  }

  lastHour(realmId: string, now: Date): ApiCallFacts {
    const calls = this.#prune(this.#calls.get(realmId) ?? [], now)
      .filter((c) => c.at.getTime() <= now.getTime());
    const durations = calls.map((c) => c.durationMs);
    return {
      calls: calls.length,
      errors: calls.filter((c) => c.outcome === "error").length,
      throttled: calls.filter((c) => c.outcome === "throttled").length,
      p50Ms: nearestRankPercentile(durations, 50),
      p95Ms: nearestRankPercentile(durations, 95),
    };
  }

  #prune(calls: QuickBooksCallRecord[], now: Date): QuickBooksCallRecord[] {
    const from = now.getTime() - HOUR_MS;
    const keep = calls.findIndex((c) => c.at.getTime() > from);
    if (keep > 0) calls.splice(0, keep);
    if (keep === -1) calls.length = 0;
    return calls;
  }
}
