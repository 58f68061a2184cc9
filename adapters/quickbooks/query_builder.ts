import { DomainError } from "../../domain/errors.ts";
import type { QueryCondition, QueryRequest, QueryValue } from "../../domain/ports/quickbooks_gateway.ts";

/** QBO returns at most this many objects per query page. */
export const MAX_PAGE_SIZE = 1000;

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

/**
 * Writes a QBO query statement. Values are always literals, quoted and escaped (`'` -> `\'`,
 * `\` -> `\\`), and names are checked, so no input can change the statement's shape: a tenant
 * called O'Brien is a value, not a syntax error.
 *
 * @example
 * ```ts
 * buildQuery({ entityName: "Customer", where: [{ field: "DisplayName", operator: "=", value: "O'Brien" }] },
 *   { startPosition: 1, maxResults: 1000 });
 * // SELECT * FROM Customer WHERE DisplayName = 'O\'Brien' STARTPOSITION 1 MAXRESULTS 1000
 * ```
 */
export function buildQuery(
  request: QueryRequest,
  page: { readonly startPosition: number; readonly maxResults: number },
): string {
  const parts = [`SELECT * FROM ${identifier(request.entityName)}`];
  if (request.where && request.where.length > 0) {
    parts.push(`WHERE ${request.where.map(condition).join(" AND ")}`);
  }
  if (request.orderBy) {
    parts.push(
      `ORDERBY ${identifier(request.orderBy.field)} ${request.orderBy.direction === "DESC" ? "DESC" : "ASC"}`,
    );
  }
  if (!Number.isInteger(page.startPosition) || page.startPosition < 1) {
    throw invalid("STARTPOSITION must be 1 or more");
  }
  if (!Number.isInteger(page.maxResults) || page.maxResults < 1 || page.maxResults > MAX_PAGE_SIZE) {
    throw invalid(`MAXRESULTS must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  parts.push(`STARTPOSITION ${page.startPosition} MAXRESULTS ${page.maxResults}`);
  return parts.join(" ");
}

/** Quotes and escapes one value as a QBO query literal. */
export function queryLiteral(value: QueryValue): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalid("query numbers must be finite");
    return String(value);
  }
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

function condition(item: QueryCondition): string {
  const field = identifier(item.field);
  if (item.operator === "IN") {
    const values = Array.isArray(item.value) ? item.value : [item.value as QueryValue];
    if (values.length === 0) throw invalid("IN needs at least one value");
    return `${field} IN (${values.map(queryLiteral).join(", ")})`;
  }
  if (Array.isArray(item.value)) throw invalid(`${item.operator} takes a single value`);
  return `${field} ${item.operator} ${queryLiteral(item.value as QueryValue)}`;
}

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw invalid(`not a QuickBooks name: ${JSON.stringify(name)}`);
  return name;
}

function invalid(message: string): DomainError {
  return new DomainError("VALIDATION_FAILED", message);
}
