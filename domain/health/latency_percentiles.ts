/**
 * The nearest-rank percentile `p` (0 < p <= 100) of `values`, null when there are none.
 *
 * @example
 * ```ts
 * nearestRankPercentile([30, 10, 20, 40], 50); // 20
 * nearestRankPercentile([30, 10, 20, 40], 95); // 40
 * ```
 */
export function nearestRankPercentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
