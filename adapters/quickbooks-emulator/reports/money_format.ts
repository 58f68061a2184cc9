/**
 * Report amounts: integer cents all the way, turned into QBO's report strings ("1234.50",
 * "-0.05", no thousands separators) only when a cell is written.
 *
 * @example
 * ```ts
 * formatCents(-5); // "-0.05"
 * formatCents(123450); // "1234.50"
 * ```
 */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a safe integer, got ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
