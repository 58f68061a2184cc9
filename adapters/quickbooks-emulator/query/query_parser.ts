import {
  type ComparisonOperator,
  type Condition,
  DEFAULT_MAX_RESULTS,
  MAX_MAX_RESULTS,
  type OrderBy,
  type QueryAst,
  type QueryLiteral,
} from "./query_ast.ts";
import {
  invalidContext,
  invalidValue,
  notQueryable,
  QueryError,
  unexpectedToken,
  unsupportedOperator,
} from "./query_error.ts";
import { canonicalEntityName, findQueryableProperty, type QueryableProperty } from "./queryable_entities.ts";
import { type Token, tokenize } from "./query_lexer.ts";
import { literalKey, NULL_LITERAL } from "./comparable_key.ts";

/**
 * Parses QBO's query language:
 * `SELECT * | COUNT(*) FROM <Entity> [WHERE <prop> <op> <value> [AND ...]] [ORDERBY <prop> [ASC|DESC]]
 * [STARTPOSITION n] [MAXRESULTS n]` (STARTPOSITION and MAXRESULTS in either order; `ORDER BY` accepted).
 *
 * Decisions where the docs are vague:
 * - A select list (`SELECT Id, Name FROM Account`) is read into `projection`; QBO answers it with
 *   only those properties (see projection.ts for the evidence). `SELECT *, a, b FROM ...` is
 *   accepted and the extra properties ignored, since `*` is the full object already.
 * - OR, GROUP BY and JOIN are rejected (4000).
 * - STARTPOSITION below 1 is read as 1; MAXRESULTS must be 1..1000 (4001 otherwise).
 *
 * @example
 * ```ts
 * parseQuery("select * from customer where DisplayName = 'O\\'Brien' maxresults 5").where;
 * // [{ path: "DisplayName", operator: "=", value: "O'Brien" }]
 * ```
 */
export function parseQuery(text: string): QueryAst {
  if (text.trim() === "" || /^[\s+;]*$/.test(text)) {
    throw new QueryError("4000", "QueryParserError: The query provided was empty");
  }
  return new Parser(tokenize(text)).parse();
}

const COMPARISON_OPERATORS = new Set(["=", "<", ">", "<=", ">="]);
const CLAUSE_KEYWORDS = ["<EOF>", "<AND>", '"maxresults"', '"orderby"', '"startposition"'];

class Parser {
  #pos = 0;
  readonly #tokens: Token[];

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parse(): QueryAst {
    this.#expectKeyword("select", ['"select"']);
    const { count, projection, ignoredProjection } = this.#selectList();
    this.#expectKeyword("from", ['"from"', '","']);
    const entityToken = this.#next();
    if (entityToken.kind !== "<IDENTIFIER>") {
      throw unexpectedToken(entityToken.text, entityToken.kind, entityToken.column, ["<IDENTIFIER>"]);
    }
    const entityName = canonicalEntityName(entityToken.text);
    if (!entityName) throw invalidContext(entityToken.text);

    const where: Condition[] = [];
    let orderBy: OrderBy | undefined;
    let startPosition = 1;
    let maxResults = DEFAULT_MAX_RESULTS;

    if (this.#atKeyword("where")) {
      this.#pos++;
      where.push(this.#condition(entityName));
      while (this.#atKeyword("and")) {
        this.#pos++;
        where.push(this.#condition(entityName));
      }
    }
    for (;;) {
      if (this.#atKeyword("orderby") || (this.#atKeyword("order") && this.#peekKeyword(1, "by"))) {
        if (orderBy) throw this.#unexpected(CLAUSE_KEYWORDS);
        this.#pos += this.#atKeyword("order") ? 2 : 1;
        orderBy = this.#orderBy(entityName);
      } else if (this.#atKeyword("startposition")) {
        this.#pos++;
        startPosition = Math.max(1, this.#integer());
      } else if (this.#atKeyword("maxresults")) {
        this.#pos++;
        const requested = this.#integer();
        if (requested < 1 || requested > MAX_MAX_RESULTS) {
          throw new QueryError(
            "4001",
            `QueryValidationError: value ${requested} for MAXRESULTS exceeds the allowed range 1..${MAX_MAX_RESULTS}`,
          );
        }
        maxResults = requested;
      } else {
        break;
      }
    }
    if (this.#peek().text === ";") this.#pos++;
    const rest = this.#peek();
    if (rest.kind !== "<EOF>") throw this.#unexpected(CLAUSE_KEYWORDS);
    return {
      entity: entityToken.text,
      entityName,
      count,
      ...(projection ? { projection } : {}),
      where,
      ...(orderBy ? { orderBy } : {}),
      startPosition,
      maxResults,
      ignoredProjection,
    };
  }

  #selectList(): { count: boolean; projection?: string[]; ignoredProjection: string[] } {
    const first = this.#next();
    if (first.text === "*") {
      const ignoredProjection: string[] = [];
      while (this.#peek().text === ",") {
        this.#pos++;
        const property = this.#next();
        if (property.kind !== "<IDENTIFIER>") {
          throw unexpectedToken(property.text, property.kind, property.column, ["<IDENTIFIER>"]);
        }
        ignoredProjection.push(property.text);
      }
      return { count: false, ignoredProjection };
    }
    if (first.kind === "<IDENTIFIER>" && first.text.toLowerCase() === "count") {
      this.#expectSymbol("(");
      this.#expectSymbol("*");
      this.#expectSymbol(")");
      return { count: true, ignoredProjection: [] };
    }
    if (first.kind === "<IDENTIFIER>" && first.text.toLowerCase() !== "from") {
      const projection = [first.text];
      while (this.#peek().text === ",") {
        this.#pos++;
        const property = this.#next();
        if (property.kind !== "<IDENTIFIER>") {
          throw unexpectedToken(property.text, property.kind, property.column, ["<IDENTIFIER>"]);
        }
        projection.push(property.text);
      }
      return { count: false, projection, ignoredProjection: [] };
    }
    throw unexpectedToken(first.text, first.kind, first.column, ['"*"', '"count"']);
  }

  #condition(entityName: string): Condition {
    const property = this.#property(entityName);
    const opToken = this.#next();
    const op = opToken.text.toUpperCase();
    if (op === "IN") {
      this.#expectSymbol("(");
      const values: QueryLiteral[] = [this.#literal(property)];
      while (this.#peek().text === ",") {
        this.#pos++;
        values.push(this.#literal(property));
      }
      this.#expectSymbol(")");
      return { path: property.path, operator: "IN", values };
    }
    if (op === "LIKE" || COMPARISON_OPERATORS.has(op)) {
      const operator = op as ComparisonOperator;
      checkOperatorAllowed(operator, property);
      const value = this.#literal(property);
      if (operator === "LIKE" && typeof value !== "string") throw invalidValue(property.path, String(value));
      return { path: property.path, operator, value };
    }
    if (op === "OR") {
      throw unexpectedToken(opToken.text, "<OR>", opToken.column, ['"="', '"<"', '"in"', '"like"']);
    }
    throw unexpectedToken(opToken.text, opToken.kind, opToken.column, [
      '"="',
      '"<"',
      '">"',
      '"in"',
      '"like"',
    ]);
  }

  #orderBy(entityName: string): OrderBy {
    const property = this.#property(entityName);
    let direction: "ASC" | "DESC" = "ASC";
    if (this.#atKeyword("asc") || this.#atKeyword("desc")) {
      direction = this.#next().text.toUpperCase() as "ASC" | "DESC";
    }
    return { path: property.path, direction };
  }

  #property(entityName: string): QueryableProperty {
    const token = this.#next();
    if (token.kind !== "<IDENTIFIER>") {
      throw unexpectedToken(token.text, token.kind, token.column, ["<IDENTIFIER>"]);
    }
    const property = findQueryableProperty(entityName, token.text);
    if (!property) throw notQueryable(token.text);
    return property;
  }

  #literal(property: QueryableProperty): QueryLiteral {
    const token = this.#next();
    let value: QueryLiteral | undefined;
    if (token.kind === "<STRING>") value = token.text;
    if (token.kind === "<NUMBER>") {
      const n = Number(token.text);
      if (!Number.isFinite(n)) throw unexpectedToken(token.text, token.kind, token.column, ["<NUMBER>"]);
      value = n;
    }
    if (token.kind === "<IDENTIFIER>" && /^(true|false)$/i.test(token.text)) {
      value = token.text.toLowerCase() === "true";
    }
    if (value !== undefined) {
      if (value !== NULL_LITERAL && literalKey(property.kind, value) === undefined) {
        throw invalidValue(property.path, token.kind === "<STRING>" ? `'${token.text}'` : token.text);
      }
      return value;
    }
    if (token.kind === "<IDENTIFIER>" && property.kind === "boolean") {
      throw invalidValue(property.path, token.text);
    }
    throw unexpectedToken(token.text, token.kind, token.column, [
      "<STRING>",
      "<NUMBER>",
      '"true"',
      '"false"',
    ]);
  }

  #integer(): number {
    const token = this.#next();
    if (token.kind !== "<NUMBER>" || !/^-?\d+$/.test(token.text)) {
      throw unexpectedToken(token.text, token.kind, token.column, ["<INTEGER>"]);
    }
    return Number(token.text);
  }

  #peek(offset = 0): Token {
    const token = this.#tokens[Math.min(this.#pos + offset, this.#tokens.length - 1)];
    if (token.error) throw token.error;
    return token;
  }

  #next(): Token {
    const token = this.#peek();
    if (this.#pos < this.#tokens.length - 1) this.#pos++;
    return token;
  }

  #atKeyword(word: string): boolean {
    return this.#peekKeyword(0, word);
  }

  #peekKeyword(offset: number, word: string): boolean {
    const token = this.#peek(offset);
    return token.kind === "<IDENTIFIER>" && token.text.toLowerCase() === word;
  }

  #expectKeyword(word: string, expected: readonly string[]): void {
    if (!this.#atKeyword(word)) throw this.#unexpected(expected);
    this.#pos++;
  }

  #expectSymbol(symbol: string): void {
    const token = this.#next();
    if (token.text !== symbol || token.kind === "<STRING>") {
      throw unexpectedToken(token.text, token.kind, token.column, [`"${symbol}"`]);
    }
  }

  #unexpected(expected: readonly string[]): QueryError {
    const token = this.#peek();
    const kind = token.kind === "<IDENTIFIER>" && /^(or|and)$/i.test(token.text)
      ? `<${token.text.toUpperCase()}>`
      : token.kind;
    return unexpectedToken(token.text, kind, token.column, expected);
  }
}

/** QBO: `Id` supports only `=` and `IN`; LIKE is for text; booleans support only `=` and `IN`. */
function checkOperatorAllowed(operator: ComparisonOperator, property: QueryableProperty): void {
  if (property.kind === "id" && operator !== "=") throw unsupportedOperator(operator, property.path);
  if (property.kind === "boolean" && operator !== "=") throw unsupportedOperator(operator, property.path);
  if (operator === "LIKE" && property.kind !== "string" && property.kind !== "email") {
    throw unsupportedOperator(operator, property.path);
  }
}
