import { DomainError } from "../errors.ts";
import type { SyncLink } from "../sync/sync_record.ts";
import type { JobProgress } from "./job_queue.ts";

/** A link as stored: the sync core's link plus which record version it reflects and when. */
export interface StoredSyncLink extends SyncLink {
  readonly orgId: string;
  readonly realmId: string;
  /** Mirror version of the EstateCore record the link was written from (null when unknown). */
  readonly recordVersion: number | null;
  readonly syncedAt: string;
}

export type SyncLinkWrite = SyncLink & { readonly recordVersion: number | null };

/** The job whose progress is committed together with a batch of links. */
export interface LinkedJobProgress {
  readonly jobId: string;
  readonly workerId: string;
  readonly progress: JobProgress;
}

/** A link the store refused because another record of the company already holds its QBO id. */
export interface QboIdConflict {
  readonly entityType: string;
  readonly qboId: string;
  /** The record whose link was refused. */
  readonly recordId: string;
  /** The record that holds the id (null when the store could not tell). */
  readonly linkedRecordId: string | null;
}

/**
 * QuickBooks gave an id that another EstateCore record is already linked to: nothing of the batch
 * was stored, and `conflicts` names every refused link, so a caller can stop those records (they
 * need reconciling) and store the others.
 *
 * @example
 * ```ts
 * const error = new QboIdAlreadyLinkedError([
 *   { entityType: "Customer", qboId: "58", recordId: "t2", linkedRecordId: "t1" },
 * ]);
 * error.code; // "QBO_ID_ALREADY_LINKED"
 * ```
 */
export class QboIdAlreadyLinkedError extends DomainError {
  readonly conflicts: readonly QboIdConflict[];

  constructor(conflicts: readonly QboIdConflict[], options?: ErrorOptions) {
    const first = conflicts[0];
    const holder = first?.linkedRecordId ? ` record ${first.linkedRecordId}` : " another record";
    super(
      "QBO_ID_ALREADY_LINKED",
      `QuickBooks ${first?.entityType ?? "object"} ${first?.qboId ?? ""} is already linked to${holder}` +
        `${conflicts.length > 1 ? ` (and ${conflicts.length - 1} more)` : ""}: reconcile before syncing ` +
        `${first?.recordId ?? "the record"} again`,
      {
        conflicts: conflicts.map((c) => ({
          entity_type: c.entityType,
          qbo_id: c.qboId,
          record_id: c.recordId,
          linked_record_id: c.linkedRecordId,
        })),
      },
      options,
    );
    this.conflicts = conflicts;
  }
}

/**
 * Links between EstateCore records and QuickBooks objects, per organization and realm. Links and
 * the job progress they complete are written in one transaction, so a crash never leaves a QBO
 * object written but unknown to the next run.
 */
export interface SyncLinkRepository {
  get(orgId: string, realmId: string, entityType: string, recordId: string): Promise<StoredSyncLink | null>;
  /** The link of a QBO object (pull path: QBO id -> EstateCore record). */
  findByQboId(
    orgId: string,
    realmId: string,
    entityType: string,
    qboId: string,
  ): Promise<StoredSyncLink | null>;
  /** Every link of an organization's company, ordered by entity type and record id (the push reads them all). */
  listForRealm(orgId: string, realmId: string): Promise<StoredSyncLink[]>;
  /** Links of the given records of one entity type (missing ones are absent). */
  getMany(
    orgId: string,
    realmId: string,
    entityType: string,
    recordIds: readonly string[],
  ): Promise<StoredSyncLink[]>;
  /**
   * Upserts links; with `job`, records its progress in the same transaction and writes nothing
   * (returns false) unless `job.workerId` still holds the job's lease. A QBO id that another record
   * of the company holds (in the store or earlier in the batch) rejects the whole batch with
   * {@link QboIdAlreadyLinkedError} naming every such link.
   */
  saveBatch(
    orgId: string,
    realmId: string,
    links: readonly SyncLinkWrite[],
    now: string,
    job?: LinkedJobProgress,
  ): Promise<boolean>;
  delete(orgId: string, realmId: string, entityType: string, recordId: string): Promise<boolean>;
}
