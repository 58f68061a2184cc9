/**
 * Reads a dotted property path (`MetaData.LastUpdatedTime`) from a stored QBO object. The
 * canonical spelling is tried first (one property lookup per segment, which keeps a 100,000-row
 * scan fast); a case-insensitive match is the fallback for objects stored with other casing.
 * A segment that meets a list reads every element (`AttachableRef.EntityRef.value` of an
 * attachable linked to several objects): the result is then the array of values found.
 */
export type PathReader = (row: Readonly<Record<string, unknown>>) => unknown;

export function compilePathReader(path: string): PathReader {
  const segments = path.split(".");
  if (segments.length === 1) {
    const [key] = segments;
    return (row) => readSegment(row, key);
  }
  return (row) => {
    let current: unknown = row;
    for (const segment of segments) {
      if (Array.isArray(current)) {
        current = current.flatMap((item) => {
          if (item === null || typeof item !== "object") return [];
          const value = readSegment(item as Record<string, unknown>, segment);
          return value === undefined ? [] : [value];
        });
        continue;
      }
      if (current === null || typeof current !== "object") return undefined;
      current = readSegment(current as Record<string, unknown>, segment);
    }
    return current;
  };
}

/** The values a path reader found: none, one, or each element of a list it crossed. */
export function valuesOf(raw: unknown): readonly unknown[] {
  if (raw === undefined) return [];
  return Array.isArray(raw) ? raw : [raw];
}

function readSegment(object: Readonly<Record<string, unknown>>, key: string): unknown {
  const direct = object[key];
  if (direct !== undefined) return direct;
  const lower = key.toLowerCase();
  for (const candidate in object) {
    if (candidate.toLowerCase() === lower) return object[candidate];
  }
  return undefined;
}
