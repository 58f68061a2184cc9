/**
 * Reads a dotted property path (`MetaData.LastUpdatedTime`) from a stored QBO object. The
 * canonical spelling is tried first (one property lookup per segment, which keeps a 100,000-row
 * scan fast); a case-insensitive match is the fallback for objects stored with other casing.
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
      if (current === null || typeof current !== "object") return undefined;
      current = readSegment(current as Record<string, unknown>, segment);
    }
    return current;
  };
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
