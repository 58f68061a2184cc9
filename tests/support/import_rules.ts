/**
 * The dependency rules of architecture.md, as a pure function over (file, import specifier) pairs,
 * so the architecture test can check the real tree and prove on synthetic cases that it can fail.
 */
export interface ImportEdge {
  /** Path of the importing file relative to the project root, e.g. `domain/billing/proration.ts`. */
  readonly from: string;
  /** The specifier as written. */
  readonly specifier: string;
}

const COMPOSITION_ROOT = [
  /^src\/main\.ts$/,
  /^src\/edge\.ts$/,
  /^src\/[a-z_]+_main\.ts$/,
  /^src\/composition\//,
];

function normalize(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const parts = from.split("/").slice(0, -1);
  for (const segment of specifier.split("/")) {
    if (segment === "." || segment === "") continue;
    if (segment === "..") parts.pop();
    else parts.push(segment);
  }
  return parts.join("/");
}

/**
 * The libraries the domain may import: zod only. Anything else (ipaddr.js for IP ranges, jose,
 * csv-stringify) sits behind a port in domain/ports with its implementation in an adapter.
 */
const DOMAIN_LIBRARIES: readonly string[] = ["zod"];

/** The rule an import breaks, or null when it is allowed. */
export function violation(edge: ImportEdge): string | null {
  const target = normalize(edge.from, edge.specifier);
  const bare = target === null ? edge.specifier.replace(/^npm:/, "").replace(/@[\d.]+.*$/, "") : null;
  if (edge.from.startsWith("domain/")) {
    if (target !== null) {
      return target.startsWith("domain/") ? null : `domain/ may import only domain/ (got ${target})`;
    }
    return DOMAIN_LIBRARIES.includes(bare ?? "")
      ? null
      : `domain/ may import only zod among libraries (got ${edge.specifier})`;
  }
  if (edge.from.startsWith("src/")) {
    if (COMPOSITION_ROOT.some((r) => r.test(edge.from))) return null;
    if (target !== null && target.startsWith("adapters/")) {
      return `use cases in src/ must not import adapters (got ${target}); wire it in the composition root`;
    }
    return null;
  }
  if (edge.from.startsWith("adapters/")) {
    const own = edge.from.split("/")[1];
    if (target === null) return null;
    if (target.startsWith("adapters/") && target.split("/")[1] !== own) {
      return `adapter ${own} must not import another adapter (got ${target})`;
    }
    if (target.startsWith("src/")) return `adapter ${own} must not import src/ (got ${target})`;
    return null;
  }
  return null;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;

/** Every static and literal dynamic import specifier in a TypeScript source. */
export function importsOf(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...withoutComments.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

/** The type names one import brings in (`import type { A }`, `import { type A, b }`, `export type { A } from`). */
export interface TypeImport {
  /** Path of the importing file relative to the project root. */
  readonly from: string;
  readonly specifier: string;
  /** The names as the imported module exports them (before any `as`). */
  readonly names: readonly string[];
}

const NAMED_IMPORT = /(?:^|[\s;])(import|export)\s+(type\s+)?\{([^}]*)\}\s*from\s*["']([^"']+)["']/gm;

/** Every type imported by name in a TypeScript source, per specifier. */
export function typeImportsOf(source: string): { specifier: string; names: string[] }[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: { specifier: string; names: string[] }[] = [];
  for (const m of withoutComments.matchAll(NAMED_IMPORT)) {
    const allTypes = m[2] !== undefined;
    const names = m[3].split(",").map((s) => s.trim()).filter((s) => s !== "")
      .filter((s) => allTypes || s.startsWith("type "))
      .map((s) => s.replace(/^type\s+/, "").split(/\s+as\s+/)[0].trim());
    if (names.length > 0) found.push({ specifier: m[4], names });
  }
  return found;
}

/** The feature folder of a path under src/ (`src/sync/x.ts` -> `sync`), null for src/*.ts and elsewhere. */
function featureOf(path: string): string | null {
  const parts = path.split("/");
  return parts[0] === "src" && parts.length > 2 ? parts[1] : null;
}

/**
 * Types shared between features that live in one feature folder of src/. A type that files of two
 * or more other feature folders import from `src/<owner>/` is shared vocabulary (like the audit
 * trail every feature writes to): it belongs in domain/ (domain/ports, domain/audit...), not in
 * the folder of whichever feature happened to need it first. A type one neighbouring feature
 * implements (the worker's `JobHandler`, the automation's `Reconciler`) stays with its owner; the
 * composition root, which imports everything, does not make a type shared.
 */
export function sharedTypeViolations(imports: readonly TypeImport[]): string[] {
  const byType = new Map<string, { consumers: Set<string>; importers: Set<string> }>();
  for (const edge of imports) {
    const target = normalize(edge.from, edge.specifier);
    const owner = target === null ? null : featureOf(target);
    if (target === null || owner === null || owner === "composition") continue;
    const consumer = featureOf(edge.from);
    if (consumer === owner) continue;
    for (const name of edge.names) {
      const key = `${name} of ${target}`;
      const entry = byType.get(key) ?? { consumers: new Set<string>(), importers: new Set<string>() };
      if (consumer !== null && consumer !== "composition") entry.consumers.add(consumer);
      entry.importers.add(edge.from);
      byType.set(key, entry);
    }
  }
  return [...byType.entries()]
    .filter(([, entry]) => entry.consumers.size >= 2)
    .map(([key, entry]) =>
      `type ${key} is shared by features ${[...entry.consumers].sort().join(", ")}: move it to domain/ ` +
      `(imported by ${[...entry.importers].sort().join(", ")})`
    );
}
