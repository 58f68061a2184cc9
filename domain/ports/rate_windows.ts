import type { RateBudgetKind, RateLimits } from "./rate_budget.ts";

/**
 * The rule every RateBudget implementation applies, as a pure function over a realm's permits.
 *
 * Intuit counts a request when it arrives; we only know it arrived somewhere between granting the
 * permit and getting the answer (local queueing, token refresh and the network sit in between).
 * So a permit counts in every window while it is in flight, and for a whole window after its
 * answer came back: whatever the delays, QBO's window of that request lies inside ours.
 */
export interface PermitRecord {
  readonly kind: RateBudgetKind;
  /** Grant time while in flight; answer time once released (ms). */
  readonly at: number;
  readonly inFlight: boolean;
}

export const SECOND_MS = 1000;
export const MINUTE_MS = 60_000;
/** How often to look again while only in-flight permits hold a window full. */
const IN_FLIGHT_POLL_MS = 50;

/** True while the permit counts against a window of `windowMs` at `now`. */
export function countsIn(p: PermitRecord, now: number, windowMs: number, limits: RateLimits): boolean {
  return p.inFlight ? p.at > now - limits.permitTtlMs : p.at > now - windowMs;
}

/** Grant or wait: how long until a permit of `kind` could be granted at `now` (0: grant now). */
export function permitWait(
  permits: readonly PermitRecord[],
  kind: RateBudgetKind,
  now: number,
  limits: RateLimits,
): number {
  const waits: number[] = [];
  const check = (windowMs: number, limit: number, only?: RateBudgetKind) => {
    const counted = permits.filter((p) => (!only || p.kind === only) && countsIn(p, now, windowMs, limits));
    if (counted.length < limit) return;
    const answered = counted.filter((p) => !p.inFlight).map((p) => p.at).sort((a, b) => a - b);
    const mustExpire = counted.length - limit + 1;
    waits.push(
      answered.length >= mustExpire ? answered[mustExpire - 1] + windowMs - now : IN_FLIGHT_POLL_MS,
    );
  };
  check(MINUTE_MS, limits.perMinute);
  check(SECOND_MS, limits.perSecond);
  if (kind === "batch") check(MINUTE_MS, limits.batchPerMinute, "batch");
  const inFlight = permits.filter((p) => p.inFlight && p.at > now - limits.permitTtlMs).length;
  if (inFlight >= limits.concurrent) waits.push(IN_FLIGHT_POLL_MS);
  return waits.length === 0 ? 0 : Math.max(1, ...waits);
}
