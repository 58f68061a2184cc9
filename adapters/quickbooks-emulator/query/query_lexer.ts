import { lexicalError, QueryError } from "./query_error.ts";

/**
 * Splits query text into tokens. Tolerates what real clients send: `+` standing for a space when a
 * client forgot to URL-decode (outside quotes only, since inside quotes `+` is data), runs of
 * whitespace, and a trailing semicolon (dropped by the parser).
 */
export type TokenKind = "<IDENTIFIER>" | "<STRING>" | "<NUMBER>" | "<SYMBOL>" | "<INVALID>" | "<EOF>";

export interface Token {
  readonly kind: TokenKind;
  /** Identifier as written, string content unescaped, number text, or the symbol itself. */
  readonly text: string;
  /** 1-based column of the first character, as QBO reports it. */
  readonly column: number;
  /**
   * For `<INVALID>`: the lexical fault, raised only when the parser reaches this token, so an
   * earlier grammar error (an unescaped apostrophe followed by a word) is reported first, as QBO does.
   */
  readonly error?: QueryError;
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_.]/;
const DIGIT = /[0-9]/;
const TWO_CHAR_SYMBOLS = new Set(["<=", ">=", "<>", "!="]);
const ONE_CHAR_SYMBOLS = new Set(["*", "(", ")", ",", ";", "=", "<", ">"]);

export function tokenize(text: string): Token[] {
  // A query that was form-encoded but not decoded has no spaces left: every `+` was a space
  // (a literal plus would have been %2B). Otherwise `+` outside quotes is skipped like a space.
  if (!/\s/.test(text) && text.includes("+")) text = text.replaceAll("+", " ");
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "+") {
      i++;
      continue;
    }
    const column = i + 1;
    if (ch === "'") {
      const quoted = readQuoted(text, i);
      if (quoted instanceof QueryError) {
        tokens.push({ kind: "<INVALID>", text: "'", column, error: quoted });
        break;
      }
      tokens.push({ kind: "<STRING>", text: quoted.value, column });
      i = quoted.end;
      continue;
    }
    if (DIGIT.test(ch) || (ch === "-" && DIGIT.test(text[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < text.length && /[0-9.]/.test(text[j])) j++;
      tokens.push({ kind: "<NUMBER>", text: text.slice(i, j), column });
      i = j;
      continue;
    }
    if (IDENTIFIER_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && IDENTIFIER_PART.test(text[j])) j++;
      tokens.push({ kind: "<IDENTIFIER>", text: text.slice(i, j), column });
      i = j;
      continue;
    }
    const pair = text.slice(i, i + 2);
    if (TWO_CHAR_SYMBOLS.has(pair)) {
      tokens.push({ kind: "<SYMBOL>", text: pair, column });
      i += 2;
      continue;
    }
    if (ONE_CHAR_SYMBOLS.has(ch)) {
      tokens.push({ kind: "<SYMBOL>", text: ch, column });
      i++;
      continue;
    }
    tokens.push({ kind: "<INVALID>", text: ch, column, error: lexicalError(ch, column) });
    break;
  }
  tokens.push({ kind: "<EOF>", text: "", column: text.length + 1 });
  return tokens;
}

/** Reads `'...'` starting at `start`; `\'` is an apostrophe and `\\` a backslash. */
function readQuoted(text: string, start: number): { value: string; end: number } | QueryError {
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\" && (text[i + 1] === "'" || text[i + 1] === "\\")) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "'") return { value, end: i + 1 };
    value += ch;
    i++;
  }
  return new QueryError(
    "4000",
    `QueryParserError: Lexical error at line 1, column ${
      text.length + 1
    }.  Encountered: <EOF> after : "'${value}"`,
  );
}
