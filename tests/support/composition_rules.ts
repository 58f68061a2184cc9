/**
 * "The composition root only builds" (style.md), as pure functions over one file's source, so the
 * architecture test can check src/composition/ and prove on synthetic cases that each rule fails.
 *
 * The rules read code only: comments and the text of string and template literals are blanked
 * first (template `${...}` expressions stay code), so a description or a URL never trips them.
 */

/** A string literal's text and where it sits in the source. */
interface StringLiteral {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The source with comments and string/template text replaced by spaces (same length, newlines
 * kept, so line numbers still match), and the string literals found on the way.
 */
export function scanCode(source: string): { code: string; strings: StringLiteral[] } {
  const out = source.split("");
  const strings: StringLiteral[] = [];
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  /** Open template literals, each with the brace depth of the `${` that left it. */
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const template = (from: number): number => {
    // Scans template text from `from` until its closing backtick or a `${`.
    let j = from;
    while (j < source.length && source[j] !== "`" && !(source[j] === "$" && source[j + 1] === "{")) {
      j += source[j] === "\\" ? 2 : 1;
    }
    blank(from, Math.min(j, source.length));
    if (source[j] === "$") {
      templates.push(depth);
      depth++;
      return j + 2;
    }
    return j + 1;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === "/" && source[i + 1] === "/") {
      const end = source.indexOf("\n", i);
      const stop = end === -1 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== "\n") j += source[j] === "\\" ? 2 : 1;
      strings.push({ start: i, end: j + 1, text: source.slice(i + 1, j) });
      blank(i + 1, j);
      i = j + 1;
    } else if (c === "`") {
      i = template(i + 1);
    } else if (c === "{") {
      depth++;
      i++;
    } else if (c === "}") {
      depth--;
      i++;
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        i = template(i);
      }
    } else {
      i++;
    }
  }
  return { code: out.join(""), strings };
}

/** `line N: text` of each line where `test` holds, numbered from 1. */
function linesWhere(
  source: string,
  code: string,
  test: (codeLine: string, index: number) => boolean,
): string[] {
  const original = source.split("\n");
  return code.split("\n").flatMap((line, i) => test(line, i) ? [`line ${i + 1}: ${original[i].trim()}`] : []);
}

/**
 * Raising or deciding on domain errors: the `DomainError` class in any use (import, `new`,
 * `instanceof`), constructing any `...Error`, or comparing an error's `code`. The use case that
 * knows the failure raises it; the root only wires it. (`isDomainError` as a type guard, e.g. to
 * print a configuration error before exiting, is not a decision about one code.)
 */
export function domainErrorFindings(source: string): string[] {
  const { code } = scanCode(source);
  const raising = /\bDomainError\b|\bnew\s+[A-Za-z]*Error\s*\(|\.code\s*[!=]==?/;
  return linesWhere(source, code, (line) => raising.test(line));
}

/** A lowercase snake_case name: `org_id`, `push_job`; never SCREAMING_SNAKE like `DATABASE_URL`. */
const SNAKE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/;

/**
 * API-shape mapping: a lowercase snake_case identifier anywhere in code (object-literal key,
 * property read, destructuring, type member), or a quoted snake_case object key (`{"org_id": x}`).
 * TypeScript names here are camelCase, so snake_case only appears where a value is renamed to or
 * from the wire shape, which the route's view does. Configuration names stay allowed: environment
 * variables are SCREAMING_SNAKE and are read as strings; string values (`name: "webhook_pulls"`)
 * are not keys.
 */
export function snakeCaseFindings(source: string): string[] {
  const { code, strings } = scanCode(source);
  const quotedKeyLines = new Set<number>();
  for (const s of strings) {
    const before = code.slice(0, s.start).trimEnd();
    const after = code.slice(s.end).trimStart();
    if (/[{,[]$/.test(before) && /^\]?\s*:/.test(after) && SNAKE.test(s.text)) {
      quotedKeyLines.add(source.slice(0, s.start).split("\n").length - 1);
    }
  }
  return linesWhere(source, code, (line, i) => SNAKE.test(line) || quotedKeyLines.has(i));
}

/**
 * The tokens of a decision: `if (`, `switch (`, `while (`, `catch`, a ternary `?`, `&&`, `||`,
 * `??`, optional chaining `?.`, and equality comparisons. (A type's optional member `name?:` is not
 * a ternary: a ternary's `?` stands between spaces.)
 */
const DECISION =
  /\bif\s*\(|\bswitch\s*\(|\bwhile\s*\(|\bcatch\b|(?:^|\s)\?(?=\s|$)|&&|\|\||\?\?|\?\.|[!=]==?/;

/** A line that continues the previous line's expression with an operator (formatter-wrapped ternaries). */
const CONTINUATION = /^\s*(?:\?(?=\s)|:|&&|\|\||\?\?)/;

/** What configuration is read from: the Config, the caller's overrides of the wiring, the environment. */
const CONFIGURATION_SOURCES: readonly string[] = ["config", "overrides", "env"];

const KEYWORDS = new Set([
  "await",
  "new",
  "true",
  "false",
  "null",
  "undefined",
  "typeof",
  "void",
  "as",
  "async",
]);

/**
 * The variables an expression reads: identifiers that are not a property (`.x`), a key (`x:`), a
 * function called (`f(`), a keyword or a string's text.
 */
function variablesRead(expression: string): string[] {
  return [...expression.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*(?![\w$])/g)]
    .filter((m) => !/^\s*(?::(?!:)|\(|<)/.test(expression.slice(m.index + m[0].length)))
    .map((m) => m[0])
    .filter((name) => !KEYWORDS.has(name));
}

/**
 * Decisions that are not configuration switches. The root may choose what to build from
 * configuration (`config.quickbooks.mode === "emulator"`, `overrides.clock ?? systemClock`), and
 * from a value computed from configuration alone in one step (`const sandbox = config.x ===
 * "sandbox"`, `const emulator = await startEmulator(config, overrides)`): a decision line must
 * name one of those (a wrapped line may rely on the line it continues). A name bound from anything
 * else (`const migration = await migrateToLatest(database)`, `let database = { ok: true }`) is not
 * configuration from that line on. A decision on a domain result, an error or a record's field is
 * feature work that belongs in a use case or a view.
 */
export function conditionalFindings(source: string): string[] {
  const { code } = scanCode(source);
  const lines = code.split("\n");
  const names = new Set(CONFIGURATION_SOURCES);
  const mentions = (line: string) =>
    [...names].some((name) => new RegExp(`(?<![\\w$])${name.replace("$", "\\$")}(?![\\w$])`).test(line));
  const findings = new Set<number>();
  lines.forEach((line, i) => {
    const binding = /\b(?:const|let|var)\s+(\{[^}]*\}|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=(?![=>])(.*)$/.exec(
      line,
    );
    if (binding) {
      const read = variablesRead(binding[2]);
      const fromConfiguration = read.length > 0 && read.every((name) => CONFIGURATION_SOURCES.includes(name));
      for (const part of binding[1].replace(/[{}]/g, "").split(",")) {
        const local = part.split(":").pop()?.trim();
        if (!local || CONFIGURATION_SOURCES.includes(local)) continue;
        if (fromConfiguration) names.add(local);
        else names.delete(local);
      }
    }
    if (!DECISION.test(line)) return;
    let context = line;
    for (let k = i; k > 0 && CONTINUATION.test(lines[k]); k--) context += lines[k - 1];
    if (!mentions(context)) findings.add(i);
  });
  const original = source.split("\n");
  return [...findings].map((i) => `line ${i + 1}: ${original[i].trim()}`);
}

/** The composition file that reads the environment itself: its try/if decide the process's exit code. */
export const CONFIGURATION_READERS: readonly string[] = ["src/composition/config_from_env.ts"];
