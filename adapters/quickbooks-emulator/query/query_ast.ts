/**
 * The parsed form of a QuickBooks Online query (`SELECT * FROM Customer WHERE ...`), as produced by
 * `parseQuery` and consumed by `runQuery`. Property paths are stored in their canonical spelling
 * (`MetaData.LastUpdatedTime`, `DisplayName`) so the evaluator never needs case-folding per row.
 */

/** A literal value of a WHERE clause: `'text'`, `42`, `-1.5`, `true`, `false`. */
export type QueryLiteral = string | number | boolean;

export type ComparisonOperator = "=" | "<" | ">" | "<=" | ">=" | "LIKE";

/** One `<property> <op> <value>` term; terms are always AND-ed (QBO has no OR). */
export type Condition =
  | { readonly path: string; readonly operator: ComparisonOperator; readonly value: QueryLiteral }
  | { readonly path: string; readonly operator: "IN"; readonly values: readonly QueryLiteral[] };

export interface OrderBy {
  readonly path: string;
  readonly direction: "ASC" | "DESC";
}

export interface QueryAst {
  /** Entity name as written in the query (`customer`, `Customer`). */
  readonly entity: string;
  /** Entity name in QBO's canonical spelling (`Customer`), for envelopes such as `QueryResponse.Customer`. */
  readonly entityName: string;
  /** True for `SELECT COUNT(*)`. */
  readonly count: boolean;
  readonly where: readonly Condition[];
  readonly orderBy?: OrderBy;
  /** 1-based. */
  readonly startPosition: number;
  /** 1..1000, default 100. */
  readonly maxResults: number;
  /**
   * The select list as written (`SELECT Id, Name FROM Account` -> `["Id", "Name"]`); undefined for
   * `SELECT *` and `COUNT(*)`. Checked against the entity's properties and applied by the caller
   * (see projection.ts), which knows the entity's fields.
   */
  readonly projection?: readonly string[];
  /**
   * Extra properties listed after `*` (`SELECT *, MetaData.CreateTime FROM ...`). `*` already
   * returns the full object, so they are kept only for diagnostics.
   */
  readonly ignoredProjection: readonly string[];
}

/** The documented default and maximum page sizes. */
export const DEFAULT_MAX_RESULTS = 100;
export const MAX_MAX_RESULTS = 1000;
