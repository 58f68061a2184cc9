import { parseQuery, projectRow, QueryError, resolveProjection, runQuery } from "../query/mod.ts";
import type { CompanyOperations } from "./company_operations.ts";
import { canonicalEntityName } from "./entity_catalog.ts";
import { knownFields } from "./entity_fields.ts";
import { QboFault } from "./qbo_fault.ts";

/**
 * Answers a QBO query with the `QueryResponse` object: rows under the entity name with
 * startPosition/maxResults, `{}` when nothing matches, `{totalCount}` for COUNT(*), only the
 * selected properties (plus `Id` and `sparse: true`) for a select list. The grammar, evaluation and
 * projection live in ../query; this side supplies the company's rendered rows and known fields.
 */
export function answerQuery(ops: CompanyOperations, text: string): Record<string, unknown> {
  try {
    return answer(ops, text);
  } catch (error) {
    throw asFault(error);
  }
}

function answer(ops: CompanyOperations, text: string): Record<string, unknown> {
  const ast = parseQuery(text);
  const entityName = canonicalEntityName(ast.entityName) ?? ast.entityName;
  const projection = ast.projection &&
    resolveProjection(ast.entityName, ast.projection, knownFields(entityName));
  const rows = canonicalEntityName(ast.entityName) ? ops.rows(entityName) : [];
  const result = runQuery(ast, rows, entityName);
  if (ast.count) return { totalCount: result.totalCount ?? result.count ?? 0 };
  if (result.rows.length === 0) return {};
  const page = projection ? result.rows.map((row) => projectRow(row, projection)) : result.rows;
  return { [entityName]: page, startPosition: result.startPosition, maxResults: result.maxResults };
}

/** Query errors become ValidationFaults with QBO's query codes (4000/4001/4002). */
function asFault(error: unknown): unknown {
  if (error instanceof QueryError) {
    return new QboFault(error.code, error.message, error.detail);
  }
  return error;
}
