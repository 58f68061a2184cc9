import { isDomainError } from "../../domain/errors.ts";

/**
 * The kinds of integrity failure a database reports: `too_long` is PostgreSQL's varchar bound
 * (SQLite has none); `trigger` is a rule of the schema's triggers (the audit log is append-only).
 */
export type ConstraintKind = "unique" | "foreign_key" | "not_null" | "check" | "too_long" | "trigger";

/** A constraint failure read from a libSQL/SQLite or PostgreSQL driver error; unknown parts are null or empty. */
export interface ConstraintViolation {
  readonly kind: ConstraintKind;
  readonly table: string | null;
  /** The constraint's name (PostgreSQL; SQLite names only CHECK constraints). */
  readonly constraint: string | null;
  readonly columns: readonly string[];
  /** What a trigger said when it refused the write (null for the other kinds). */
  readonly reason?: string | null;
}

const POSTGRES_KINDS: Readonly<Record<string, ConstraintKind>> = {
  "23505": "unique",
  "23503": "foreign_key",
  "23502": "not_null",
  "23514": "check",
  "22001": "too_long",
  // RAISE EXCEPTION without a code: only the schema's triggers raise.
  P0001: "trigger",
};

/** `UNIQUE constraint failed: t.a, t.b` -> table t, columns [a, b]. */
function sqliteColumns(list: string): { table: string | null; columns: string[] } {
  const parts = list.split(",").map((p) => p.trim()).filter((p) => p.length > 0);
  const columns = parts.map((p) => p.slice(p.indexOf(".") + 1));
  const table = parts[0]?.includes(".") ? parts[0].slice(0, parts[0].indexOf(".")) : null;
  return { table, columns };
}

function fromSqlite(code: string, text: string, extendedCode: unknown): ConstraintViolation | null {
  if (extendedCode === "SQLITE_CONSTRAINT_TRIGGER" || code === "SQLITE_CONSTRAINT_TRIGGER") {
    const reason = text.replace(/^SQLITE_CONSTRAINT[A-Z_]*:\s*/, "").trim();
    return { kind: "trigger", table: null, constraint: null, columns: [], reason };
  }
  const message = `${code} ${text}`;
  const unique = /(?:UNIQUE|PRIMARY KEY) constraint failed: ([^\n]+)/i.exec(message);
  if (unique) return { kind: "unique", constraint: null, ...sqliteColumns(unique[1]) };
  const notNull = /NOT NULL constraint failed: ([^\s,]+)/i.exec(message);
  if (notNull) return { kind: "not_null", constraint: null, ...sqliteColumns(notNull[1]) };
  if (/FOREIGN KEY constraint failed/i.test(message)) {
    return { kind: "foreign_key", table: null, constraint: null, columns: [] };
  }
  const check = /CHECK constraint failed: ([^\n]+)/i.exec(message);
  if (check) return { kind: "check", table: null, constraint: check[1].trim(), columns: [] };
  return null;
}

/** `Key (a, b)=(1, 2) already exists.` -> [a, b]. */
function postgresKeyColumns(detail: unknown): string[] {
  const match = /^Key \(([^)]*)\)=/.exec(String(detail ?? ""));
  return match ? match[1].split(",").map((c) => c.trim().replace(/^"|"$/g, "")) : [];
}

/**
 * Reads a constraint failure out of a driver error (or its `cause` chain): PostgreSQL's SQLSTATE
 * with its `table`/`constraint`/`column` fields, SQLite's `... constraint failed: table.column`
 * message (libSQL's client, embedded or remote). Anything else is null.
 *
 * @example
 * ```ts
 * constraintViolationOf(new Error("SQLITE_CONSTRAINT: NOT NULL constraint failed: organizations.name"));
 * // { kind: "not_null", table: "organizations", constraint: null, columns: ["name"] }
 * ```
 */
export function constraintViolationOf(error: unknown): ConstraintViolation | null {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 8; depth++) {
    const fields = e as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      table?: unknown;
      constraint?: unknown;
      column?: unknown;
      detail?: unknown;
      extendedCode?: unknown;
    };
    const postgres = typeof fields.code === "string" ? POSTGRES_KINDS[fields.code] : undefined;
    if (postgres) {
      const column = typeof fields.column === "string" ? [fields.column] : [];
      return {
        kind: postgres,
        table: typeof fields.table === "string" ? fields.table : null,
        constraint: typeof fields.constraint === "string" ? fields.constraint : null,
        columns: column.length > 0 ? column : postgresKeyColumns(fields.detail),
        reason: postgres === "trigger" ? String(fields.message ?? "") : null,
      };
    }
    const sqlite = fromSqlite(String(fields.code ?? ""), String(fields.message ?? ""), fields.extendedCode);
    if (sqlite) return sqlite;
    e = fields.cause;
  }
  return null;
}

/**
 * True when an error is a unique/primary-key violation: a driver error (libSQL/SQLite or PostgreSQL
 * 23505) or the coded error the database handle translated it into (constraint_errors.ts).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (isDomainError(error) && error.details.violation === "unique") return true;
  return constraintViolationOf(error)?.kind === "unique";
}
