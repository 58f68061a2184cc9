/**
 * Deterministic JSON for hashing: object keys sorted at every depth, `undefined` members dropped,
 * no whitespace. Two records with the same content always serialize to the same text, whatever
 * order their fields were built in.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: { d: [1, 2], c: null } }); // '{"a":{"c":null,"d":[1,2]},"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(",")}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}
