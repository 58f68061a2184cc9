import type { OperationNode } from "kysely";
import { DomainError } from "../../domain/errors.ts";
import { QboIdAlreadyLinkedError } from "../../domain/ports/sync_link_repository.ts";
import type { ConstraintViolation } from "./sql_errors.ts";

/** What a failed statement wrote: its operation, table and the values it gave each column. */
export interface StatementTarget {
  readonly operation: "insert" | "update" | "delete" | "other";
  readonly table: string | null;
  /** The distinct values each column received (insert rows or update assignments). */
  readonly values: ReadonlyMap<string, readonly unknown[]>;
}

/**
 * The schema's foreign keys (child table and column -> parent table). SQLite names neither the
 * key nor its table when one fails, so the statement's table and this list tell which it was; a
 * contract test checks the list against both engines' catalogues.
 */
export const FOREIGN_KEYS: readonly { table: string; column: string; parent: string }[] = [
  { table: "api_key_secrets", column: "key_id", parent: "api_keys" },
  { table: "quickbooks_connections", column: "org_id", parent: "organizations" },
];

type Node = OperationNode & Record<string, unknown>;

function tableName(node: unknown): string | null {
  const n = node as Node | undefined;
  if (!n) return null;
  if (n.kind === "TableNode") return ((n.table as Node).identifier as Node).name as string;
  if (n.kind === "AliasNode") return tableName(n.node);
  if (n.kind === "FromNode") return tableName((n.froms as unknown[])[0]);
  return null;
}

function valueOf(node: unknown): unknown {
  const n = node as Node | undefined;
  return n?.kind === "ValueNode" ? n.value : undefined;
}

function collect(values: Map<string, unknown[]>, column: string, value: unknown) {
  if (value === undefined) return;
  const list = values.get(column) ?? [];
  if (!list.includes(value)) list.push(value);
  values.set(column, list);
}

/** Reads the target of a compiled Kysely statement (raw SQL has none). */
export function statementTarget(query: OperationNode): StatementTarget {
  const node = query as Node;
  const values = new Map<string, unknown[]>();
  if (node.kind === "InsertQueryNode") {
    const columns = ((node.columns ?? []) as Node[]).map((c) => (c.column as Node).name as string);
    const rows = (node.values as Node | undefined)?.kind === "ValuesNode"
      ? ((node.values as Node).values as Node[])
      : [];
    for (const row of rows) {
      const cells = row.kind === "PrimitiveValueListNode"
        ? (row.values as unknown[])
        : ((row.values as unknown[]) ?? []).map(valueOf);
      columns.forEach((column, i) => collect(values, column, cells[i]));
    }
    return { operation: "insert", table: tableName(node.into), values };
  }
  if (node.kind === "UpdateQueryNode") {
    for (const update of (node.updates ?? []) as Node[]) {
      const column = update.column as Node;
      if (column.kind === "ColumnNode") {
        collect(values, (column.column as Node).name as string, valueOf(update.value));
      }
    }
    return { operation: "update", table: tableName(node.table), values };
  }
  if (node.kind === "DeleteQueryNode") return { operation: "delete", table: tableName(node.from), values };
  return { operation: "other", table: null, values };
}

/** The one value a column received, when the statement gave it exactly one. */
function single(target: StatementTarget, column: string): unknown {
  const list = target.values.get(column);
  return list && list.length === 1 ? list[0] : undefined;
}

function keyValues(target: StatementTarget, columns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const value = single(target, column);
    if (typeof value === "string" || typeof value === "number") out[column] = value;
  }
  return out;
}

function foreignKeyError(
  v: ConstraintViolation,
  target: StatementTarget,
  table: string | null,
  cause: unknown,
) {
  const base = { violation: v.kind, table, constraint: v.constraint };
  if (target.operation === "delete") {
    return new DomainError("CONFLICT", `${table ?? "The row"} is still referenced by other records`, base, {
      cause,
    });
  }
  const key = FOREIGN_KEYS.find((k) =>
    k.table === table && (v.columns.length === 0 || v.columns.includes(k.column))
  );
  const missing = key ? keyValues(target, [key.column]) : {};
  if (key?.parent === "organizations") {
    const orgId = missing[key.column];
    return new DomainError(
      "NOT_FOUND",
      `Organization ${orgId ?? "(unknown)"} is not registered: register it with PUT /organization first`,
      { ...base, parent: key.parent, org_id: orgId ?? null, register_with: "PUT /organization" },
      { cause },
    );
  }
  return new DomainError(
    "NOT_FOUND",
    `${table ?? "The row"} refers to a ${key?.parent ?? "parent"} that does not exist`,
    { ...base, parent: key?.parent ?? null, missing },
    { cause },
  );
}

/**
 * The coded error for a constraint failure of one statement, so no integrity error reaches a
 * caller as a raw driver error (a 500): a duplicate key is CONFLICT (a QuickBooks id another
 * record already links is QBO_ID_ALREADY_LINKED), a missing parent is NOT_FOUND (an unregistered
 * organization names its registration call), a missing, refused or too long value is
 * VALIDATION_FAILED, a write a trigger refuses (changing the append-only audit log) is CONFLICT. Details name the violation, table, constraint and columns, never row contents
 * beyond key columns (a row may hold encrypted tokens).
 *
 * @example
 * ```ts
 * constraintError({ kind: "not_null", table: "organizations", constraint: null, columns: ["name"] },
 *   { operation: "insert", table: "organizations", values: new Map() }, cause).code; // "VALIDATION_FAILED"
 * ```
 */
export function constraintError(
  v: ConstraintViolation,
  target: StatementTarget,
  cause: unknown,
): DomainError {
  const table = v.table ?? target.table;
  const base = { violation: v.kind, table, constraint: v.constraint, columns: v.columns };
  switch (v.kind) {
    case "unique": {
      if (table === "sync_links" && (v.columns.includes("qbo_id") || v.constraint === "sync_links_qbo")) {
        const at = keyValues(target, ["entity_type", "qbo_id", "record_id"]);
        return new QboIdAlreadyLinkedError([{
          entityType: String(at.entity_type ?? ""),
          qboId: String(at.qbo_id ?? ""),
          recordId: String(at.record_id ?? ""),
          linkedRecordId: null,
        }], { cause });
      }
      // Only id columns: other unique keys (an OAuth state, a dedupe key) are not for the caller.
      const key = keyValues(target, v.columns.filter((c) => /(^|_)id$/.test(c)));
      return new DomainError(
        "CONFLICT",
        `${table ?? "A row"} already holds a row with the same ${v.columns.join(", ") || "key"}`,
        { ...base, key },
        { cause },
      );
    }
    case "foreign_key":
      return foreignKeyError(v, target, table, cause);
    case "not_null":
      return new DomainError(
        "VALIDATION_FAILED",
        `${table ?? "The row"} needs a value for ${v.columns.join(", ") || "a required column"}`,
        base,
        { cause },
      );
    case "check":
      return new DomainError(
        "VALIDATION_FAILED",
        `${table ?? "The row"} refuses the value (constraint ${v.constraint ?? "check"})`,
        base,
        { cause },
      );
    case "trigger":
      return new DomainError(
        "CONFLICT",
        `The database refused the write${table ? ` to ${table}` : ""}: ${v.reason ?? "a trigger refused it"}`,
        { ...base, reason: v.reason ?? null },
        { cause },
      );
    case "too_long":
      return new DomainError(
        "VALIDATION_FAILED",
        `A value is longer than ${table ?? "the table"} allows`,
        base,
        { cause },
      );
  }
}
