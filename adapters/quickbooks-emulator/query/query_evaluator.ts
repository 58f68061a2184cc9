import type { Condition, QueryAst } from "./query_ast.ts";
import {
  type ComparableKey,
  compareIdStrings,
  compareKeys,
  literalKey,
  NULL_LITERAL,
  rowValueKey,
} from "./comparable_key.ts";
import { compilePathReader } from "./property_path.ts";
import { notQueryable } from "./query_error.ts";
import {
  canonicalEntityName,
  findQueryableProperty,
  isNameListEntity,
  type PropertyKind,
} from "./queryable_entities.ts";

type Row = Readonly<Record<string, unknown>>;
type Predicate = (row: Row) => boolean;

export interface QueryResult {
  /** The page of matching objects (the same object references as the input rows). */
  rows: Record<string, unknown>[];
  startPosition: number;
  /** Number of rows returned on this page, as QBO reports `maxResults`. */
  maxResults: number;
  /** Number of matching objects before paging; set for COUNT(*). */
  totalCount?: number;
  /** Same as totalCount, set for COUNT(*) only. */
  count?: number;
}

/**
 * Filters, sorts and pages `rows` (all objects of `entityName` in one company) as QBO would answer
 * `ast`. Name-list entities hide `Active: false` objects unless a condition mentions `Active`.
 * Order is `ast.orderBy`, else Id ascending numerically; sorting is stable, and objects missing the
 * sort property come first in ascending order (last in descending).
 *
 * @example
 * ```ts
 * const page = runQuery(parseQuery("SELECT * FROM Customer MAXRESULTS 2"), customers, "Customer");
 * page.rows.length <= 2; // true
 * ```
 */
export function runQuery(ast: QueryAst, rows: readonly Row[], entityName: string): QueryResult {
  const entity = canonicalEntityName(entityName) ?? entityName;
  const predicates = ast.where.map((condition) => compileCondition(entity, condition));
  if (isNameListEntity(entity) && !ast.where.some((c) => c.path.toLowerCase() === "active")) {
    predicates.push(compileCondition(entity, { path: "Active", operator: "=", value: true }));
  }
  const matching: Row[] = [];
  for (const row of rows) {
    let ok = true;
    for (const predicate of predicates) {
      if (!predicate(row)) {
        ok = false;
        break;
      }
    }
    if (ok) matching.push(row);
  }
  if (ast.count) {
    return {
      rows: [],
      startPosition: ast.startPosition,
      maxResults: 0,
      totalCount: matching.length,
      count: matching.length,
    };
  }
  const sorted = sortRows(entity, matching, ast);
  const from = ast.startPosition - 1;
  const page = sorted.slice(from, from + ast.maxResults) as Record<string, unknown>[];
  return { rows: page, startPosition: ast.startPosition, maxResults: page.length };
}

function kindOf(entity: string, path: string): PropertyKind {
  const property = findQueryableProperty(entity, path);
  if (!property) throw notQueryable(path);
  return property.kind;
}

function compileCondition(entity: string, condition: Condition): Predicate {
  const read = compilePathReader(condition.path);
  const matches = compileValueTest(kindOf(entity, condition.path), condition);
  // A path across a list (AttachableRef.EntityRef.value) matches when any element does.
  return (row) => {
    const raw = read(row);
    if (!Array.isArray(raw)) return matches(raw);
    return raw.length === 0 ? matches(undefined) : raw.some(matches);
  };
}

/** The test one property value must pass for `condition`. */
function compileValueTest(kind: PropertyKind, condition: Condition): (raw: unknown) => boolean {
  const isActive = condition.path.toLowerCase() === "active";
  // QBO treats an object without an Active flag as active.
  const keyOf = isActive
    ? (raw: unknown) => rowValueKey(kind, raw) ?? true
    : (raw: unknown) => rowValueKey(kind, raw);

  if (condition.operator === "IN") {
    const wanted = new Set<ComparableKey>();
    for (const literal of condition.values) {
      const key = literal === NULL_LITERAL ? undefined : literalKey(kind, literal);
      if (key !== undefined) wanted.add(setKey(kind, key));
    }
    const orNull = condition.values.includes(NULL_LITERAL);
    return (raw) => {
      const key = keyOf(raw);
      return key === undefined ? orNull : wanted.has(setKey(kind, key));
    };
  }
  if (condition.operator === "=" && condition.value === NULL_LITERAL) return isBlank;
  const target = literalKey(kind, condition.value);
  if (target === undefined) return () => false;
  if (condition.operator === "LIKE") {
    const pattern = likePattern(String(target));
    return (raw) => {
      const key = keyOf(raw);
      return key !== undefined && pattern.test(String(key));
    };
  }
  const test = OPERATOR_TESTS[condition.operator];
  return (raw) => {
    const key = keyOf(raw);
    return key !== undefined && typeof key === typeof target && test(compareKeys(kind, key, target));
  };
}

const OPERATOR_TESTS: Record<"=" | "<" | ">" | "<=" | ">=", (order: number) => boolean> = {
  "=": (o) => o === 0,
  "<": (o) => o < 0,
  ">": (o) => o > 0,
  "<=": (o) => o <= 0,
  ">=": (o) => o >= 0,
};

/** Ids "007" and "7" are the same object; normalise digit strings before set membership. */
function setKey(kind: PropertyKind, key: ComparableKey): ComparableKey {
  if ((kind === "id" || kind === "ref") && typeof key === "string" && /^\d+$/.test(key)) {
    return key.replace(/^0+(?=\d)/, "");
  }
  return key;
}

/** Null, absent or empty (a reference without a value counts as absent). */
function isBlank(raw: unknown): boolean {
  if (raw === undefined || raw === null || raw === "") return true;
  if (typeof raw === "object" && !Array.isArray(raw)) {
    const inner = (raw as { value?: unknown; Address?: unknown }).value ??
      (raw as { Address?: unknown }).Address;
    return inner === undefined || inner === null || inner === "";
  }
  return false;
}

/** LIKE with `%` as the only wildcard (QBO does not honour `_`), matched case-insensitively. */
function likePattern(lowered: string): RegExp {
  const body = lowered.split("%").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${body}$`, "s");
}

function sortRows(entity: string, rows: Row[], ast: QueryAst): Row[] {
  const path = ast.orderBy?.path ?? "Id";
  const direction = ast.orderBy?.direction === "DESC" ? -1 : 1;
  const kind = kindOf(entity, path);
  const read = compilePathReader(path);
  const keys = rows.map((row) => rowValueKey(kind, firstOf(read(row))));
  const indices = rows.map((_, i) => i);
  const compare = kind === "id" || kind === "ref"
    ? (a: ComparableKey, b: ComparableKey) => compareIdStrings(String(a), String(b))
    : (a: ComparableKey, b: ComparableKey) => compareKeys(kind, a, b);
  indices.sort((i, j) => {
    const a = keys[i];
    const b = keys[j];
    let order: number;
    if (a === undefined || b === undefined) order = a === b ? 0 : a === undefined ? -1 : 1;
    else order = compare(a, b);
    return order !== 0 ? order * direction : i - j;
  });
  return indices.map((i) => rows[i]);
}

/** Sorting on a path across a list uses its first element. */
function firstOf(raw: unknown): unknown {
  return Array.isArray(raw) ? raw[0] : raw;
}
