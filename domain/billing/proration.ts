/**
 * Proration of monthly amounts by actual days in the month, in integer cents.
 *
 * Method (stated for the accountant): a partial month is charged `amount * occupiedDays / daysInMonth`,
 * rounded down to the cent so a tenant is never overcharged by rounding. When an amount is split into
 * several pieces (for example the occupied and unoccupied parts of a month, or several invoice lines),
 * every piece but the last is rounded down and the last piece takes the remainder, so the pieces always
 * sum exactly to the whole.
 */

/**
 * Splits `totalCents` into pieces proportional to `weights` (non-negative integers, e.g. day counts).
 * Every piece but the last is rounded down; the last takes the remainder so the pieces sum to the total.
 * Throws RangeError on non-integer input, negative weights or an all-zero weight list.
 *
 * @example
 * ```ts
 * splitCents(150_000, [14, 16]); // [70_000, 80_000]
 * splitCents(100, [1, 1, 1]); // [33, 33, 34]
 * ```
 */
export function splitCents(totalCents: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalCents)) throw new RangeError(`cents must be a safe integer: ${totalCents}`);
  if (weights.length === 0) throw new RangeError("at least one weight is required");
  let weightSum = 0;
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new RangeError(`weights must be non-negative integers: ${w}`);
    }
    weightSum += w;
  }
  if (weightSum === 0) throw new RangeError("weights must not all be zero");
  const pieces: number[] = [];
  let allocated = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    const piece = mulDivFloor(totalCents, weights[i], weightSum);
    pieces.push(piece);
    allocated += piece;
  }
  pieces.push(totalCents - allocated);
  return pieces;
}

/**
 * The charge for `occupiedDays` of a month of `daysInMonth` days: `amount * occupied / days`,
 * rounded down to the cent (equal to the first piece of {@link splitCents} over occupied/unoccupied days).
 *
 * @example
 * ```ts
 * // $1,500 rent, move-in on the 17th of a 30-day month: 14 days -> $700.00
 * prorateCents(150_000, 14, 30); // 70_000
 * ```
 */
export function prorateCents(monthlyCents: number, occupiedDays: number, daysInMonth: number): number {
  if (!Number.isSafeInteger(occupiedDays) || occupiedDays < 0 || occupiedDays > daysInMonth) {
    throw new RangeError(`occupied days must be within 0..${daysInMonth}: ${occupiedDays}`);
  }
  if (occupiedDays === daysInMonth) return monthlyCents;
  return splitCents(monthlyCents, [occupiedDays, daysInMonth - occupiedDays])[0];
}

/**
 * floor(a * b / c) for integers without losing precision when a * b exceeds 2^53
 * (BigInt only on that slow path). Rounds toward negative infinity for negative totals.
 */
function mulDivFloor(a: number, b: number, c: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return Math.floor(product / c);
  const big = BigInt(a) * BigInt(b);
  const q = big / BigInt(c);
  return Number(big < 0n && q * BigInt(c) !== big ? q - 1n : q);
}
