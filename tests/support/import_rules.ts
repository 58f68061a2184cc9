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

/** The rule an import breaks, or null when it is allowed. */
export function violation(edge: ImportEdge): string | null {
  const target = normalize(edge.from, edge.specifier);
  const bare = target === null ? edge.specifier.replace(/^npm:/, "").replace(/@[\d.]+.*$/, "") : null;
  if (edge.from.startsWith("domain/")) {
    if (target !== null) {
      return target.startsWith("domain/") ? null : `domain/ may import only domain/ (got ${target})`;
    }
    return bare === "zod" ? null : `domain/ may import only zod among libraries (got ${edge.specifier})`;
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
