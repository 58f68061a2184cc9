/**
 * Query faults with QBO's own codes and wording, so clients that pattern-match on `Detail`
 * (and SDKs that map code ranges) behave as they do against the real service.
 *
 * - 4000 "Error parsing query": the text does not follow the grammar (`QueryParserError: ...`).
 * - 4001 "Invalid query": well-formed but meaningless (`QueryValidationError: ...`), e.g. an unknown
 *   entity (recorded: `invalid context declaration: Custmoer`) or a property that is not queryable.
 * - 4002 "Error processing query": a failure while evaluating (`QueryProcessingError: ...`).
 */
export type QueryErrorCode = "4000" | "4001" | "4002";

const MESSAGES: Record<QueryErrorCode, string> = {
  "4000": "Error parsing query",
  "4001": "Invalid query",
  "4002": "Error processing query",
};

export class QueryError extends Error {
  readonly code: QueryErrorCode;
  /** The fault's `Detail` text, e.g. `QueryValidationError: invalid context declaration: Custmoer`. */
  readonly detail: string;

  constructor(code: QueryErrorCode, detail: string) {
    super(MESSAGES[code]);
    this.name = "QueryError";
    this.code = code;
    this.detail = detail;
  }

  /** The `Fault.Error[]` entry as QBO renders it. */
  toFaultError(): { Message: string; Detail: string; code: QueryErrorCode } {
    return { Message: this.message, Detail: this.detail, code: this.code };
  }
}

/** 4000 for a token the grammar does not allow at this point. */
export function unexpectedToken(
  image: string,
  kind: string,
  column: number,
  expected: readonly string[],
): QueryError {
  const shown = kind === "<EOF>" ? `"<EOF>"` : `" ${kind} "${image} ""`;
  const expecting = expected.map((e) => `    ${e} ...`).join("\n");
  return new QueryError(
    "4000",
    `QueryParserError: Encountered ${shown} at line 1, column ${column}.\nWas expecting one of:\n${expecting}\n    `,
  );
}

/** 4000 for a character that starts no token (`%` outside quotes, `"`). */
export function lexicalError(char: string, column: number): QueryError {
  return new QueryError(
    "4000",
    `QueryParserError: Invalid content. Lexical error at line 1, column ${column}.  Encountered: "${char}" (${
      char.charCodeAt(0)
    }), after : ""`,
  );
}

/** 4001 for an entity QBO does not know. */
export function invalidContext(entity: string): QueryError {
  return new QueryError("4001", `QueryValidationError: invalid context declaration: ${entity}`);
}

/** 4001 for a property that cannot be filtered or sorted on. */
export function notQueryable(property: string): QueryError {
  return new QueryError("4001", `QueryValidationError: property '${property}' is not queryable`);
}

/** 4001 for an operator the property does not support (LIKE on a number, `<` on Id, ...). */
export function unsupportedOperator(operator: string, property: string): QueryError {
  return new QueryError(
    "4001",
    `QueryValidationError: operator '${operator}' is not supported for property '${property}'`,
  );
}

/** 4001 for a value of the wrong type (`Balance = 'abc'`, `Active = 'maybe'`). */
export function invalidValue(property: string, value: string): QueryError {
  return new QueryError(
    "4001",
    `QueryValidationError: value ${value} is not valid for property '${property}'`,
  );
}

/**
 * 4001 for a select-list property the entity does not have or that cannot be selected; recorded
 * from QBO as `QueryValidationError: Property BillAddr not found for Entity Customer`.
 */
export function propertyNotFound(property: string, entityName: string): QueryError {
  return new QueryError(
    "4001",
    `QueryValidationError: Property ${property} not found for Entity ${entityName}`,
  );
}
