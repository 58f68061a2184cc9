import type { MirrorRecordType } from "../../../ports/record_mirror.ts";

/** A record's validated data, as stored in the mirror or sent in the same request. */
export type RecordData = Readonly<Record<string, unknown>>;

/** The records a record refers to, whether stored or sent in the same request; undefined when absent. */
export type RecordLookup = (type: MirrorRecordType, id: string) => RecordData | undefined;

/** One broken invariant; `path` is relative to the record's data (`allocations.0.charge_id`). */
export interface InvariantIssue {
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

/** A string field of a record, or undefined. */
export function text(data: RecordData | undefined, field: string): string | undefined {
  const value = data?.[field];
  return typeof value === "string" ? value : undefined;
}

/** A list field of a record (empty when absent). */
export function list(data: RecordData | undefined, field: string): readonly unknown[] {
  const value = data?.[field];
  return Array.isArray(value) ? value : [];
}

/** The cents of a Money field, or undefined. */
export function centsOf(value: unknown): number | undefined {
  const cents = (value as { cents?: unknown } | null | undefined)?.cents;
  return typeof cents === "number" ? cents : undefined;
}

export function issue(path: string, message: string, code = "invariant"): InvariantIssue {
  return { path, message, code };
}
