import type { MissingDependency } from "./mapping_result.ts";
import type { MirrorRecordType } from "../ports/record_mirror.ts";
import type { TransformationRules } from "./transformation_rules.ts";
import { planSync } from "../sync/sync_plan.ts";
import type { DesiredRecord, SyncLink } from "../sync/sync_record.ts";

/** An organization's mapping rules as the API shows them; version 0 and `updatedAt` null while none was saved. */
export interface MappingRulesView {
  readonly rules: TransformationRules;
  readonly version: number;
  readonly updatedAt: string | null;
}

/** What to preview: one stored record, with rules to try (the stored ones when absent). */
export interface MappingRulesPreviewInput {
  readonly recordType: MirrorRecordType;
  readonly recordId: string;
  /** Rules to try, validated like a change; the stored ones when absent. */
  readonly rules?: unknown;
  /** The company to preview against; the default connection when absent. */
  readonly realmId?: string;
}

/** One QuickBooks object a record lands in, and what the next push would do with it. */
export interface PreviewedObject {
  readonly entityType: string;
  readonly syncRecordId: string;
  readonly quickbooksId: string | null;
  /** `create`, `update`, `void`, `delete`, or `none` when QuickBooks already holds this payload. */
  readonly operation: "create" | "update" | "void" | "delete" | "none";
  /** The whole payload the rules render for the object. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** What the next push would send (a sparse update sends only what changed); null when nothing. */
  readonly sends: Readonly<Record<string, unknown>> | null;
  /** Top-level payload fields the previewed rules change compared with the stored rules. */
  readonly changedByRules: readonly string[];
}

/** Why a record has no object to preview right now. */
export interface NotMapped {
  readonly reason: "deleted" | "record_type_not_synced" | "waiting_for_reference" | "mapping_error";
  /** The error code of a mapping error (e.g. QB006 for a missing account mapping), else null. */
  readonly code: string | null;
  readonly message: string;
  /** What a record waiting for references waits for. */
  readonly missing: readonly MissingDependency[];
}

/** What rules render for one stored record, and what the next push would send for it. */
export interface MappingRulesPreview {
  readonly recordType: MirrorRecordType;
  readonly recordId: string;
  readonly realmId: string | null;
  /** The rules rendered (the previewed ones, or the stored ones). */
  readonly rules: TransformationRules;
  readonly objects: readonly PreviewedObject[];
  readonly notMapped: readonly NotMapped[];
}

/** Top-level fields whose value differs between two objects. */
export function changedFields(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

/**
 * What the push would do with one desired object given its link: the same planner the push uses,
 * so the preview cannot disagree with the next sync. `before` is the payload under the stored rules.
 *
 * @example
 * ```ts
 * previewObject({ entityType: "Invoice", recordId: "inv:l|t|2026-03", version: 1, payload: { PrivateNote: "x" } },
 *   undefined, {}).operation; // "create"
 * ```
 */
export function previewObject(
  desired: DesiredRecord,
  link: SyncLink | undefined,
  before: Readonly<Record<string, unknown>>,
): PreviewedObject {
  const write = planSync([desired], link ? [link] : []).writes[0];
  return {
    entityType: desired.entityType,
    syncRecordId: desired.recordId,
    quickbooksId: link?.qboId ?? null,
    operation: write?.kind ?? "none",
    payload: desired.payload,
    sends: write ? write.body : null,
    changedByRules: changedFields(before, desired.payload),
  };
}
