import { QBO_DISPLAY_NAME_MAX, qboNameKey, sanitizeQboName, truncateCodePoints } from "./qbo_name_rules.ts";

/**
 * A party that needs a QBO DisplayName: its preferred name, an optional qualifier that tells it
 * apart from namesakes (the tenant's property and unit, "Maple Ct 4B"), and its stable id.
 */
export interface DisplayNameCandidate {
  readonly id: string;
  readonly preferred: string;
  readonly qualifier?: string;
  /** A name already in QBO for this party; kept as is so existing customers are never renamed. */
  readonly pinned?: string;
}

/**
 * Assigns every candidate a QBO DisplayName that is unique (case-insensitively) among the
 * candidates and `reserved` (names used by other customers, vendors and employees; QBO error 6240),
 * contains no `:`, tab or newline and has at most 500 characters. Deterministic: the result depends
 * only on the inputs, not their order. Each colliding candidate climbs a ladder until unique:
 * "Jane Doe" -> "Jane Doe (Maple Ct 4B)" -> "Jane Doe (Maple Ct 4B, ten_17)" -> "... #2".
 * Pinned names are kept (they are already in QBO) and reserve their name for everyone else.
 *
 * @example
 * ```ts
 * assignDisplayNames([
 *   { id: "t1", preferred: "Jane Doe", qualifier: "Maple Ct 4B" },
 *   { id: "t2", preferred: "Jane Doe", qualifier: "Oak Plaza 2" },
 *   { id: "t3", preferred: "John Roe" },
 * ]);
 * // Map { "t1" => "Jane Doe (Maple Ct 4B)", "t2" => "Jane Doe (Oak Plaza 2)", "t3" => "John Roe" }
 * ```
 */
export function assignDisplayNames(
  candidates: readonly DisplayNameCandidate[],
  reserved: readonly string[] = [],
): Map<string, string> {
  const result = new Map<string, string>();
  const taken = new Set(reserved.map((name) => qboNameKey(sanitizeQboName(name))));
  const sorted = [...candidates].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const free: DisplayNameCandidate[] = [];
  for (const candidate of sorted) {
    const pinned = candidate.pinned === undefined ? "" : sanitizeQboName(candidate.pinned);
    if (pinned !== "" && !taken.has(qboNameKey(pinned))) {
      result.set(candidate.id, pinned);
      taken.add(qboNameKey(pinned));
    } else {
      free.push(candidate);
    }
  }
  const level = new Map(free.map((c) => [c.id, 0]));
  const nameAt = (c: DisplayNameCandidate) => ladderName(c, level.get(c.id) ?? 0);
  for (;;) {
    const holders = new Map<string, DisplayNameCandidate[]>();
    for (const c of free) {
      const key = qboNameKey(nameAt(c));
      holders.set(key, [...(holders.get(key) ?? []), c]);
    }
    let bumped = false;
    for (const [key, group] of holders) {
      if (group.length === 1 && !taken.has(key)) continue;
      const lowest = Math.min(...group.map((c) => level.get(c.id) ?? 0));
      // Namesakes all climb (nobody keeps the bare name by accident of id order); on the counter
      // rungs the first by id stays, so ids that differ only in case still end the climb.
      const atLowest = group.filter((c) => (level.get(c.id) ?? 0) === lowest);
      const keepFirst = lowest >= 3 && !taken.has(key) && atLowest.length === group.length;
      atLowest.slice(keepFirst ? 1 : 0).forEach((c) => level.set(c.id, lowest + 1));
      bumped = true;
    }
    if (!bumped) break;
  }
  for (const c of free) result.set(c.id, nameAt(c));
  return result;
}

/** Rung 0: preferred name; 1: with qualifier; 2: with qualifier and id; 3+: with a counter. */
function ladderName(c: DisplayNameCandidate, level: number): string {
  const base = sanitizeQboName(c.preferred) || sanitizeQboName(c.id) || "Unnamed";
  const qualifier = sanitizeQboName(c.qualifier ?? "");
  const id = sanitizeQboName(c.id);
  const suffixes = [
    "",
    qualifier === "" ? `(${id})` : `(${qualifier})`,
    qualifier === "" ? `(${id} #2)` : `(${qualifier}, ${id})`,
  ];
  const suffix = level < suffixes.length
    ? suffixes[level]
    : `(${qualifier === "" ? id : `${qualifier}, ${id}`} #${level})`;
  if (suffix === "") return truncateCodePoints(base, QBO_DISPLAY_NAME_MAX);
  const keep = QBO_DISPLAY_NAME_MAX - Array.from(suffix).length - 1;
  const shortSuffix = keep >= 1 ? suffix : truncateCodePoints(suffix, QBO_DISPLAY_NAME_MAX - 2);
  return `${truncateCodePoints(base, Math.max(1, keep)).trim()} ${shortSuffix}`;
}
