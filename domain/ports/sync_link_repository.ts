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
   * (returns false) unless `job.workerId` still holds the job's lease.
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
