import type { RefusedWrite } from "../sync/push_state.ts";
import type { SyncOperation } from "../sync/sync_plan.ts";
import type { BlockedRecord, RecordError } from "./desired_state.ts";
import type { OwnerRecord, RecordOwners } from "./record_owners.ts";

/**
 * One push outcome is counted once per EstateCore record it concerns, the way the sync history
 * records it: an invoice written (or refused) for three charges counts three, a charge group that
 * cannot be mapped counts each charge billed with it. The job's progress, the job's result and the
 * history all count through these functions, so their figures agree by construction.
 */

/** One EstateCore record a push could not sync: QBO refused its object (`failed`) or it cannot be mapped (`invalid`). */
export interface FailedRecord {
  readonly outcome: "failed" | "invalid";
  readonly recordType: string;
  readonly recordId: string;
  readonly propertyId: string | null;
  /** The object refused (entity type and the sync engine's record id); null for a record that could not be mapped. */
  readonly entityType: string | null;
  readonly syncRecordId: string | null;
  readonly qboId: string | null;
  readonly code: string;
  readonly qboCode: string | null;
  readonly message: string;
  /** The refused write's context, when it has one (QBO_ID_ALREADY_LINKED names both records). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The records a synced object stands for; an object the portfolio no longer explains stands for itself.
 *
 * @example
 * ```ts
 * objectOwners(owners, "Invoice", "inv:lease_1|ten_1|2026-03").length; // one per charge of the group
 * ```
 */
export function objectOwners(owners: RecordOwners, entityType: string, syncRecordId: string): OwnerRecord[] {
  const found = owners.ownersOf(entityType, syncRecordId);
  return found.length > 0 ? found : [{ recordType: entityType, recordId: syncRecordId, propertyId: null }];
}

/**
 * The records a blocked or unmappable record stands for: a charge stands for its whole invoice group.
 *
 * @example
 * ```ts
 * recordOwners(owners, "tenant", "ten_1"); // [{ recordType: "tenant", recordId: "ten_1", propertyId: "prop_1" }]
 * ```
 */
export function recordOwners(owners: RecordOwners, recordType: string, recordId: string): OwnerRecord[] {
  const ids = recordType === "charge" ? owners.chargesBilledWith(recordId) : [recordId];
  return ids.map((id) => ({ recordType, recordId: id, propertyId: owners.propertyOf(recordType, id) }));
}

/**
 * Every EstateCore record of a push that did not sync, refused writes first, then unmappable records.
 *
 * @example
 * ```ts
 * failedRecords(owners, [], [{ recordType: "mapping", recordId: "items", code: "QB006", message: "...", details: {} }]).length; // 1
 * ```
 */
export function failedRecords(
  owners: RecordOwners,
  refused: readonly RefusedWrite[],
  errors: readonly RecordError[],
): FailedRecord[] {
  return [
    ...refused.flatMap((w) =>
      objectOwners(owners, w.entityType, w.recordId).map((o) => ({
        outcome: "failed" as const,
        ...o,
        entityType: w.entityType,
        syncRecordId: w.recordId,
        qboId: w.qboId ?? null,
        code: w.code,
        qboCode: w.qboCode || null,
        message: w.message,
        ...(w.details ? { details: w.details } : {}),
      }))
    ),
    ...errors.flatMap((e) =>
      recordOwners(owners, e.recordType, e.recordId).map((o) => ({
        outcome: "invalid" as const,
        ...o,
        entityType: null,
        syncRecordId: null,
        qboId: null,
        code: e.code,
        qboCode: null,
        message: e.message,
      }))
    ),
  ];
}

/** How many EstateCore records some planned writes stand for. */
export function recordsWritten(
  owners: RecordOwners,
  writes: readonly Pick<SyncOperation, "entityType" | "recordId">[],
): number {
  return writes.reduce((n, w) => n + objectOwners(owners, w.entityType, w.recordId).length, 0);
}

/** How many EstateCore records some blocked records stand for. */
export function recordsBlocked(owners: RecordOwners, blocked: readonly BlockedRecord[]): number {
  return blocked.reduce((n, b) => n + recordOwners(owners, b.recordType, b.recordId).length, 0);
}

/** A push's counts, each in EstateCore records. */
export interface PushCounts {
  /** Written or adopted (QBO confirmed). */
  readonly done: number;
  /** Refused by QBO or unmappable. */
  readonly failed: number;
  /** Waiting for a reference that is not in QBO yet. */
  readonly waiting: number;
}

/** Progress figures: `total` never shrinks and `done + failed + skipped` never exceeds it. */
export interface ProgressFigures {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
}

/**
 * The progress of a push from the total planned at its start (all rounds, as if every write
 * succeeded), the total shown before (it never shrinks) and the counts so far. When the push has
 * ended, what was planned but neither confirmed nor refused (e.g. waits on a write that failed) is
 * skipped, so the final figures add up to the total.
 *
 * @example
 * ```ts
 * pushProgress(10, 10, { done: 4, failed: 1, waiting: 0 }, false); // { total: 10, done: 4, failed: 1, skipped: 0 }
 * pushProgress(10, 10, { done: 8, failed: 1, waiting: 0 }, true); // { total: 10, done: 8, failed: 1, skipped: 1 }
 * ```
 */
export function pushProgress(
  planned: number,
  shownBefore: number,
  counts: PushCounts,
  finished: boolean,
): ProgressFigures {
  const total = Math.max(planned, shownBefore, counts.done + counts.failed + counts.waiting);
  const skipped = finished ? total - counts.done - counts.failed : counts.waiting;
  return { total, done: counts.done, failed: counts.failed, skipped };
}
