/**
 * QBO's webhook retry schedule (Intuit, Oct 2025): attempts at 0 s, then 10 s, 20 s, 30 s, 5 min,
 * 20 min, 2 h, 4 h and 6 h after the previous failure, then every 6 h. The delays are the waits
 * before each attempt; `scale` shrinks them so tests run in milliseconds.
 */
export const QBO_RETRY_DELAYS_MS: readonly number[] = [
  0,
  10_000,
  20_000,
  30_000,
  300_000,
  1_200_000,
  7_200_000,
  14_400_000,
  21_600_000,
];

/** Unscaled wait before attempt number `attempt` (1-based) of one delivery. */
export function retryDelayMs(attempt: number): number {
  if (attempt < 1) throw new RangeError("attempts are numbered from 1");
  return QBO_RETRY_DELAYS_MS[Math.min(attempt, QBO_RETRY_DELAYS_MS.length) - 1];
}
