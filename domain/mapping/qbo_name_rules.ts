/** QBO's longest DisplayName for Customer and Vendor. */
export const QBO_DISPLAY_NAME_MAX = 500;

/**
 * Makes a text acceptable as a QBO name: QBO forbids `:` (it separates levels in
 * FullyQualifiedName), tabs and newlines; they become spaces, runs of whitespace collapse, and the
 * result is cut to `maxLength` characters (by code point, so no surrogate pair is split).
 *
 * @example
 * ```ts
 * sanitizeQboName("Doe: Jane\tB."); // "Doe Jane B."
 * ```
 */
export function sanitizeQboName(text: string, maxLength = QBO_DISPLAY_NAME_MAX): string {
  const cleaned = text.replace(/[:\t\r\n\u2028\u2029]/g, " ").replace(/\s+/g, " ").trim();
  return truncateCodePoints(cleaned, maxLength).trim();
}

/**
 * Cuts a text to at most `max` code points.
 *
 * @example
 * ```ts
 * truncateCodePoints("Maple Court", 5); // "Maple"
 * ```
 */
export function truncateCodePoints(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, Math.max(0, max)).join("");
}

/**
 * The key QBO compares names by: it treats names differing only in letter case as duplicates.
 *
 * @example
 * ```ts
 * qboNameKey("Jane DOE") === qboNameKey("jane doe"); // true
 * ```
 */
export function qboNameKey(name: string): string {
  return name.toLowerCase();
}
