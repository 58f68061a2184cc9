import type { PropertyKind } from "./queryable_entities.ts";
import type { QueryLiteral } from "./query_ast.ts";

/**
 * Turns query literals and row values into keys that compare correctly with `<`, `>` and `===`
 * for their property kind: money numerically, dates and datetimes chronologically (QBO writes
 * company-local offsets like `-07:00`, so datetimes become epoch milliseconds), text
 * case-insensitively, references by their `.value`, e-mail addresses by `.Address`.
 * `undefined` means "no comparable value": the row does not match any condition on it.
 */
export type ComparableKey = string | number | boolean;

/** QBO's documented way to write null in a query: a single space in quotes (`ParentRef = ' '`). */
export const NULL_LITERAL = " ";

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})/;

export function literalKey(kind: PropertyKind, literal: QueryLiteral): ComparableKey | undefined {
  return toKey(kind, literal);
}

/** The key of a raw row value (already resolved from its path). */
export function rowValueKey(kind: PropertyKind, raw: unknown): ComparableKey | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (kind === "ref" && typeof raw === "object") return toKey(kind, (raw as { value?: unknown }).value);
  if (kind === "email" && typeof raw === "object") return toKey(kind, (raw as { Address?: unknown }).Address);
  return toKey(kind, raw);
}

function toKey(kind: PropertyKind, value: unknown): ComparableKey | undefined {
  switch (kind) {
    case "id":
    case "ref":
      if (typeof value === "string") return value.trim();
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
      return undefined;
    case "string":
    case "email":
      if (typeof value === "string") return value.toLowerCase();
      if (typeof value === "number" || typeof value === "boolean") return String(value).toLowerCase();
      return undefined;
    case "number": {
      const n = typeof value === "number"
        ? value
        : typeof value === "string" && value.trim() !== ""
        ? Number(value)
        : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case "date": {
      if (typeof value !== "string") return undefined;
      const m = DATE_PREFIX.exec(value);
      return m ? m[1] : undefined;
    }
    case "datetime": {
      if (typeof value !== "string" || !DATE_PREFIX.test(value)) return undefined;
      const ms = Date.parse(value);
      return Number.isFinite(ms) ? ms : undefined;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      return undefined;
  }
}

/**
 * Orders two keys of the same kind. Ids and references order numerically when both are digit
 * strings (QBO ids are numeric strings of varying length: "9" < "10"), otherwise as text.
 */
export function compareKeys(kind: PropertyKind, a: ComparableKey, b: ComparableKey): number {
  if ((kind === "id" || kind === "ref") && typeof a === "string" && typeof b === "string") {
    return compareIdStrings(a, b);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const DIGITS = /^\d+$/;

/** Numeric order for digit strings of any length (ids can exceed 2^53), text order otherwise. */
export function compareIdStrings(a: string, b: string): number {
  if (DIGITS.test(a) && DIGITS.test(b)) {
    const x = a.replace(/^0+(?=\d)/, "");
    const y = b.replace(/^0+(?=\d)/, "");
    if (x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (DIGITS.test(a)) return -1;
  if (DIGITS.test(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
