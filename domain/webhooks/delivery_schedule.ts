/**
 * When a webhook delivery is tried (README, Webhooks out): at once, then after each failure the
 * next delay of the schedule, each with up to ±10 % jitter so receivers coming back up are not hit
 * by every retry at once. Ten attempts over about three days (3 d 3 h 35 min before jitter); after
 * the last failure the delivery is `failed` (POST .../recover sends it again).
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
];

/** The share of a delay jitter may add or take away. */
export const JITTER_SHARE = 0.1;

/**
 * A number in [0, 1) from an identifier (FNV-1a over its text): randomness comes into the product
 * only through the Ids port, so jitter is drawn from a fresh id.
 *
 * @example
 * ```ts
 * unitFromId("3f2a...") // 0.41...
 * ```
 */
export function unitFromId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

/**
 * The delay before attempt number `attempt` + 1, after `attempt` failed attempts (1 = after the
 * first), jittered by `unit` in [0, 1); null when the schedule is spent.
 *
 * @example
 * ```ts
 * retryDelayAfter(1, 0.5); // 5000
 * retryDelayAfter(10, 0.5); // null
 * ```
 */
export function retryDelayAfter(attempt: number, unit: number): number | null {
  const base = RETRY_SCHEDULE_MS[attempt];
  if (base === undefined) return null;
  return Math.round(base * (1 - JITTER_SHARE + 2 * JITTER_SHARE * unit));
}
