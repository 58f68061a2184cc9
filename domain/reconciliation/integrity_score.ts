/** Integrity as percentages (two decimals, rounded down so 100 means truly clean). */
export interface IntegrityScore {
  readonly byCount: number;
  readonly byAmount: number;
  readonly cleanCount: number;
  readonly totalCount: number;
  readonly cleanAmountCents: number;
  readonly totalAmountCents: number;
}

/**
 * The integrity score from clean and total units (matched pairs and unmatched records), by count and
 * by amount. An empty comparison is 100% (nothing is wrong).
 *
 * @example
 * ```ts
 * integrityScore(3, 4, 90_000, 100_000).byCount; // 75
 * integrityScore(3, 4, 90_000, 100_000).byAmount; // 90
 * ```
 */
export function integrityScore(
  cleanCount: number,
  totalCount: number,
  cleanAmountCents: number,
  totalAmountCents: number,
): IntegrityScore {
  const percent = (part: number, whole: number) =>
    part === whole ? 100 : Math.floor((part / whole) * 10_000) / 100;
  return {
    byCount: percent(cleanCount, totalCount),
    byAmount: percent(cleanAmountCents, totalAmountCents),
    cleanCount,
    totalCount,
    cleanAmountCents,
    totalAmountCents,
  };
}
