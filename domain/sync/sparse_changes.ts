import { sameJson } from "../shared/canonical_json.ts";

/**
 * The top-level fields of `desired` whose value differs from `base` (the last synced snapshot): the
 * body of a QBO sparse update. Nested objects and arrays (addresses, Line) are sent whole because QBO
 * replaces them whole. Fields present in `base` but absent from `desired` are not sent: a sparse
 * update leaves them as they are in QBO, and clearing a field is the mapper's job (send it empty).
 *
 * @example
 * ```ts
 * sparseChanges({ DisplayName: "Jane", PrimaryEmailAddr: { Address: "a@x" } },
 *   { DisplayName: "Jane", PrimaryEmailAddr: { Address: "b@x" } });
 * // { PrimaryEmailAddr: { Address: "b@x" } }
 * ```
 */
export function sparseChanges(
  base: Readonly<Record<string, unknown>>,
  desired: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(desired).sort()) {
    const value = desired[key];
    if (value === undefined) continue;
    if (!sameJson(base[key], value)) changes[key] = value;
  }
  return changes;
}
