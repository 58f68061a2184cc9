import { DomainError } from "../../errors.ts";
import type { QboApiEntity } from "./qbo_entity_catalog.ts";

/** QBO answers at most 1000 objects per query page, 100 when MAXRESULTS is not given. */
export const QBO_QUERY_MAX_RESULTS = 1000;
export const QBO_QUERY_DEFAULT_MAX_RESULTS = 100;

/** What a caller asks of one entity, in QBO's query language. */
export interface QboQueryInput {
  readonly entity: QboApiEntity;
  /** The conditions of a WHERE clause (`DisplayName LIKE 'Ann%' AND Active = true`). */
  readonly where?: string;
  /** `Property [ASC|DESC]`. */
  readonly orderBy?: string;
  /** A whole statement instead: `SELECT ... FROM <entity> [WHERE ...] [ORDERBY ...] [STARTPOSITION n] [MAXRESULTS n]`. */
  readonly query?: string;
  /** 1-based position of the first object of the page. */
  readonly startPosition?: number;
  readonly maxResults?: number;
}

/** One page's statement, as it is sent to QBO, and its paging. */
export interface QboQueryPage {
  readonly statement: string;
  readonly startPosition: number;
  readonly maxResults: number;
  /** `SELECT COUNT(*)`: QBO answers a total, not objects. */
  readonly count: boolean;
}

interface Token {
  readonly kind: "word" | "string" | "number" | "symbol";
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const SYMBOLS = ["<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ",", "*"];
/** Words that open a clause: a WHERE or ORDER BY parameter that holds one would change the statement's shape. */
const CLAUSE_WORDS = new Set(["select", "from", "where", "orderby", "startposition", "maxresults"]);

/**
 * The statement of one page of a query, checked before it leaves: a `where` and an `order_by` are
 * clauses of `SELECT * FROM <entity>`, never more (no clause keyword, SELECT or FROM outside a
 * string, parentheses balanced, strings closed), and a whole `query` must select from the entity
 * the path names. Paging is ours: STARTPOSITION and MAXRESULTS come from `startPosition` /
 * `maxResults` (1 and 100 by default, at most 1000), or from the statement's own clauses at its end,
 * never both. QBO checks the rest (properties, operators, values) and answers its query faults.
 * Throws VALIDATION_FAILED with `issues[].path` naming the parameter.
 *
 * @example
 * ```ts
 * qboQueryPage({ entity: "Customer", where: "DisplayName = 'O\\'Brien'", orderBy: "Id DESC", maxResults: 10 });
 * // { statement: "SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien' ORDERBY Id DESC STARTPOSITION 1 MAXRESULTS 10", ... }
 * qboQueryPage({ entity: "Customer", query: "select count(*) from Invoice" }); // throws: FROM must name Customer
 * ```
 */
export function qboQueryPage(input: QboQueryInput): QboQueryPage {
  if (input.query !== undefined && (input.where !== undefined || input.orderBy !== undefined)) {
    throw invalid("query", "give either query, or where and order_by, not both");
  }
  const base = input.query === undefined
    ? clausesStatement(input)
    : wholeStatement(input.entity, input.query);
  const startPosition = once("start_position", input.startPosition, base.startPosition) ?? 1;
  const maxResults = once("max_results", input.maxResults, base.maxResults) ?? QBO_QUERY_DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(startPosition) || startPosition < 1) {
    throw invalid("start_position", "must be a whole number of 1 or more");
  }
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > QBO_QUERY_MAX_RESULTS) {
    throw invalid("max_results", `must be a whole number from 1 to ${QBO_QUERY_MAX_RESULTS}`);
  }
  return {
    statement: `${base.head} STARTPOSITION ${startPosition} MAXRESULTS ${maxResults}`,
    startPosition,
    maxResults,
    count: base.count,
  };
}

interface BaseStatement {
  readonly head: string;
  readonly count: boolean;
  readonly startPosition?: number;
  readonly maxResults?: number;
}

function clausesStatement(input: QboQueryInput): BaseStatement {
  let head = `SELECT * FROM ${input.entity}`;
  if (input.where !== undefined) head += ` WHERE ${conditions(input.where)}`;
  if (input.orderBy !== undefined) head += ` ORDERBY ${ordering(input.orderBy)}`;
  return { head, count: false };
}

/** The WHERE parameter: conditions only. */
function conditions(where: string): string {
  const tokens = tokenize(where, "where");
  if (tokens.length === 0) throw invalid("where", "must hold at least one condition");
  let depth = 0;
  for (const [i, token] of tokens.entries()) {
    if (isClauseWord(tokens, i)) {
      throw invalid("where", `holds conditions only; "${token.text}" would start another clause`);
    }
    if (token.text === "(") depth++;
    if (token.text === ")" && --depth < 0) {
      throw invalid("where", `unbalanced ")" at column ${token.start + 1}`);
    }
  }
  if (depth !== 0) throw invalid("where", 'unbalanced "("');
  return sourceOf(where, tokens);
}

/** The ORDER BY parameter: one property and an optional direction. */
function ordering(orderBy: string): string {
  const tokens = tokenize(orderBy, "order_by");
  const [property, direction, ...rest] = tokens;
  const directionOk = direction === undefined ||
    (direction.kind === "word" && ["asc", "desc"].includes(direction.text.toLowerCase()));
  if (
    property?.kind !== "word" || CLAUSE_WORDS.has(property.text.toLowerCase()) || !directionOk || rest.length
  ) {
    throw invalid("order_by", "must be a property and an optional ASC or DESC (`TxnDate DESC`)");
  }
  return direction === undefined ? property.text : `${property.text} ${direction.text.toUpperCase()}`;
}

/** A whole statement: SELECT list, FROM the path's entity, its clauses; paging clauses only at the end. */
function wholeStatement(entity: QboApiEntity, query: string): BaseStatement {
  const tokens = tokenize(query, "query");
  if (tokens[0]?.kind !== "word" || tokens[0].text.toLowerCase() !== "select") {
    throw invalid("query", "must start with SELECT");
  }
  const from = tokens.findIndex((t) => t.kind === "word" && t.text.toLowerCase() === "from");
  const projection = tokens.slice(1, from < 0 ? tokens.length : from);
  if (from < 0 || projection.length === 0) {
    throw invalid("query", "must be SELECT <properties> FROM <entity>");
  }
  if (projection.some((t) => !(t.kind === "word" || ["*", ",", "(", ")"].includes(t.text)))) {
    throw invalid("query", "the SELECT list holds property names, * or COUNT(*) only");
  }
  const named = tokens[from + 1];
  if (named?.kind !== "word" || named.text.toLowerCase() !== entity.toLowerCase()) {
    throw invalid("query", `must select FROM ${entity}, the entity of the path`, { entity });
  }
  const rest = tokens.slice(from + 2);
  let cut = rest.length;
  const paging: { startposition?: number; maxresults?: number } = {};
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i].kind === "word" ? rest[i].text.toLowerCase() : "";
    if (word === "select" || word === "from") throw invalid("query", `holds one SELECT ... FROM only`);
    if (word !== "startposition" && word !== "maxresults") {
      if (cut < rest.length) throw invalid("query", "STARTPOSITION and MAXRESULTS come last");
      continue;
    }
    const value = rest[i + 1];
    if (value?.kind !== "number" || !/^\d+$/.test(value.text) || paging[word] !== undefined) {
      throw invalid("query", `${word.toUpperCase()} takes one whole number, once`);
    }
    paging[word] = Number(value.text);
    cut = Math.min(cut, i);
    i++;
  }
  const kept = rest.slice(0, cut);
  const count = projection.map((t) => t.text.toLowerCase()).join("") === "count(*)";
  return {
    head: `SELECT ${sourceOf(query, projection)} FROM ${entity}${
      kept.length ? ` ${sourceOf(query, kept)}` : ""
    }`,
    count,
    startPosition: paging.startposition,
    maxResults: paging.maxresults,
  };
}

/** A paging value given as a parameter or in the statement, not both. */
function once(
  parameter: string,
  given: number | undefined,
  inStatement: number | undefined,
): number | undefined {
  if (given !== undefined && inStatement !== undefined) {
    throw invalid(
      parameter,
      `the query carries its own ${parameter.replace("_", "").toUpperCase()}; give it once`,
    );
  }
  return given ?? inStatement;
}

function isClauseWord(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  if (token.kind !== "word") return false;
  const word = token.text.toLowerCase();
  if (CLAUSE_WORDS.has(word)) return true;
  const next = tokens[i + 1];
  return word === "order" && next?.kind === "word" && next.text.toLowerCase() === "by";
}

/** The text the tokens span, as written (strings keep their escapes). */
function sourceOf(text: string, tokens: readonly Token[]): string {
  return text.slice(tokens[0].start, tokens[tokens.length - 1].end);
}

/** QBO's lexical grammar: words (dotted paths), quoted strings with `\` escapes, numbers, operators. */
function tokenize(text: string, parameter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "'") {
      i++;
      while (i < text.length && text[i] !== "'") i += text[i] === "\\" ? 2 : 1;
      if (i >= text.length) {
        throw invalid(parameter, `the string opened at column ${start + 1} is not closed`);
      }
      i++;
      tokens.push({ kind: "string", text: text.slice(start, i), start, end: i });
    } else if (/[0-9]/.test(ch) || (ch === "-" && /[0-9]/.test(text[i + 1] ?? ""))) {
      i++;
      while (i < text.length && /[0-9.]/.test(text[i])) i++;
      tokens.push({ kind: "number", text: text.slice(start, i), start, end: i });
    } else if (/[A-Za-z_]/.test(ch)) {
      while (i < text.length && /[A-Za-z0-9_.]/.test(text[i])) i++;
      tokens.push({ kind: "word", text: text.slice(start, i), start, end: i });
    } else {
      const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
      if (!symbol) {
        throw invalid(parameter, `unexpected character ${JSON.stringify(ch)} at column ${start + 1}`);
      }
      i += symbol.length;
      tokens.push({ kind: "symbol", text: symbol, start, end: i });
    }
  }
  return tokens;
}

function invalid(parameter: string, message: string, details: Record<string, unknown> = {}): DomainError {
  const path = `query.${parameter}`;
  return new DomainError("VALIDATION_FAILED", `Invalid request: ${path}: ${message}`, {
    issues: [{ path, message, code: "invalid_query" }],
    ...details,
  });
}
