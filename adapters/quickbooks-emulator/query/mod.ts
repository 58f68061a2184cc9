/**
 * QBO query language for the emulator: `parseQuery` text -> AST, `runQuery` AST + stored objects
 * -> page. Pure: no I/O, no clock.
 */
export { parseQuery } from "./query_parser.ts";
export { type QueryResult, runQuery } from "./query_evaluator.ts";
export { QueryError, type QueryErrorCode } from "./query_error.ts";
export type { ComparisonOperator, Condition, OrderBy, QueryAst, QueryLiteral } from "./query_ast.ts";
export { DEFAULT_MAX_RESULTS, MAX_MAX_RESULTS } from "./query_ast.ts";
export {
  canonicalEntityName,
  findQueryableProperty,
  isNameListEntity,
  NAME_LIST_ENTITIES,
  type PropertyKind,
  queryablePropertiesOf,
  type QueryableProperty,
} from "./queryable_entities.ts";
export { projectRow, resolveProjection } from "./projection.ts";
