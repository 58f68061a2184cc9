/**
 * Canonical JSON: the one text a JSON value has, whatever order its keys were built in. It is what
 * the audit chain hashes, what fingerprints hash and what the record mirror compares, so it must
 * never change for a value JSON can hold (stored hashes and fingerprints depend on it).
 *
 * The rule is JSON.stringify's, with keys sorted and no whitespace:
 * - object keys sorted by UTF-16 code unit at every depth, `undefined` members dropped;
 * - `undefined` array items written `null`;
 * - numbers in JavaScript's shortest round-trip form (`1.10` and `1.1` are the same), `-0` as `0`;
 * - a `Date` as its ISO-8601 string.
 *
 * What JSON cannot hold is refused with a TypeError naming where it is (`$.details.ratio`), instead
 * of being written as something else: NaN and ±Infinity (JSON.stringify writes `null`, which would
 * make a broken amount hash like a missing one), bigints, functions, symbols and a top-level
 * `undefined`.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null, -0, undefined], c: undefined }); // '{"a":[true,null,0,null],"b":1}'
 * canonicalJson({ ratio: NaN }); // throws TypeError "$.ratio: NaN has no JSON form"
 * ```
 */
export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

function write(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
      return Object.is(value, -0) ? "0" : String(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${
          value.map((item, i) => item === undefined ? "null" : write(item, `${path}[${i}]`)).join(",")
        }]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], `${path}.${k}`)}`).join(",")}}`;
    }
    default:
      throw new TypeError(`${path}: ${typeof value} has no JSON form`);
  }
}

/**
 * True when two JSON values have the same canonical JSON (deep equality that ignores key order).
 * `undefined` equals only itself.
 *
 * @example
 * ```ts
 * sameJson({ a: 1, b: [2] }, { b: [2], a: 1 }); // true
 * ```
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return canonicalJson(a) === canonicalJson(b);
}
