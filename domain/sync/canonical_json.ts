/**
 * Canonical JSON: the one text a JSON-like value has, whatever order its keys were built in.
 * Object keys are sorted by UTF-16 code unit, `undefined` members are dropped (as JSON.stringify
 * does), `-0` is written `0`, and numbers use JavaScript's shortest round-trip form (so `1.10` and
 * `1.1` are the same). Non-finite numbers, bigints, functions and symbols are rejected with a
 * TypeError because they have no JSON form and would make two different payloads look equal.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null, -0], c: undefined }); // '{"a":[true,null,0],"b":1}'
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
      if (!Number.isFinite(value)) throw new TypeError(`${path}: non-finite number has no JSON form`);
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
 * True when two JSON-like values have the same canonical JSON (deep equality that ignores key order).
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
