import { parseQuery, QueryError, runQuery } from "../query/mod.ts";
import type { CompanyOperations } from "./company_operations.ts";
import { canonicalEntityName } from "./entity_catalog.ts";
import { QboFault } from "./qbo_fault.ts";

/**
 * Answers a QBO query with the `QueryResponse` object: rows under the entity name with
 * startPosition/maxResults, `{}` when nothing matches, `{totalCount}` for COUNT(*). The grammar
 * and evaluation live in ../query; this side only supplies the company's rendered rows.
 */
export function answerQuery(ops: CompanyOperations, text: string): Record<string, unknown> {
  let ast;
  try {
    ast = parseQuery(text);
  } catch (error) {
    throw asFault(error);
  }
  const entityName = canonicalEntityName(ast.entityName) ?? ast.entityName;
  const rows = canonicalEntityName(ast.entityName) ? ops.rows(entityName) : [];
  let result;
  try {
    result = runQuery(ast, rows, entityName);
  } catch (error) {
    throw asFault(error);
  }
  if (ast.count) return { totalCount: result.totalCount ?? result.count ?? 0 };
  if (result.rows.length === 0) return {};
  return { [entityName]: result.rows, startPosition: result.startPosition, maxResults: result.maxResults };
}

/** Query errors become ValidationFaults with QBO's query codes (4000/4001/4002). */
function asFault(error: unknown): unknown {
  if (error instanceof QueryError) {
    return new QboFault(error.code, error.message, error.detail);
  }
  return error;
}
