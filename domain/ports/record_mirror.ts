/**
 * The local mirror of EstateCore records: what EstateCore last told us, per organization, with a
 * version per record and a change sequence per organization. The sync engine reads "what changed
 * since sequence N" from here instead of asking EstateCore again.
 */

/** The EstateCore record types the mirror holds (bills are expenses with `settlement: "bill"`). */
export const MIRROR_RECORD_TYPES = [
  "property",
  "unit",
  "tenant",
  "lease",
  "charge",
  "payment",
  "deposit_disposition",
  "vendor",
  "expense",
] as const;
export type MirrorRecordType = typeof MIRROR_RECORD_TYPES[number];

/** True when `value` names a record type the mirror holds. */
export function isMirrorRecordType(value: string): value is MirrorRecordType {
  return (MIRROR_RECORD_TYPES as readonly string[]).includes(value);
}

/** One stored record (live or tombstoned). */
export interface MirroredRecord {
  readonly orgId: string;
  readonly recordType: MirrorRecordType;
  readonly recordId: string;
  /** The property the record belongs to, when it has one (used for property scopes). */
  readonly propertyId: string | null;
  /** The validated record as EstateCore sent it (after schema defaults). */
  readonly data: Readonly<Record<string, unknown>>;
  /** 1 on creation, +1 on every change or delete; never goes backwards. */
  readonly version: number;
  readonly deleted: boolean;
  /** Position of the record's last change in the organization's change sequence. */
  readonly changeSeq: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A record to store: `data` must already be validated. */
export interface MirrorWrite {
  readonly recordType: MirrorRecordType;
  readonly recordId: string;
  readonly propertyId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What an upsert did: identical content is `unchanged` and keeps its version. */
export type MirrorWriteOutcome = "created" | "updated" | "unchanged";

export interface MirrorWriteResult {
  readonly outcome: MirrorWriteOutcome;
  readonly record: MirroredRecord;
}

export interface MirrorListOptions {
  /** Only records whose id sorts after this one (cursor paging). */
  readonly afterId?: string;
  readonly limit: number;
  readonly includeDeleted?: boolean;
  /** Only records of these properties (property-scoped callers). */
  readonly propertyIds?: readonly string[];
  /** With `propertyIds`: also the records that belong to no property (vendors, unplaced tenants). */
  readonly includeWithoutProperty?: boolean;
}

/** Persistence of the mirror. Every method is scoped to one organization. */
export interface RecordMirror {
  /**
   * Upserts records in one transaction, in order (a later write of the same key sees the earlier
   * one). Concurrent writers of the same record never lose an update: each change gets its own
   * version and change sequence number.
   */
  upsertMany(orgId: string, writes: readonly MirrorWrite[], now: string): Promise<MirrorWriteResult[]>;
  /**
   * Tombstones a record: `deleted` set, version and change sequence bumped. Deleting a tombstone
   * again changes nothing. Null when the record was never stored.
   */
  markDeleted(orgId: string, recordType: MirrorRecordType, recordId: string, now: string): Promise<
    { readonly record: MirroredRecord; readonly changed: boolean } | null
  >;
  get(orgId: string, recordType: MirrorRecordType, recordId: string): Promise<MirroredRecord | null>;
  /** The stored records (tombstones included) among `recordIds`; missing ones are absent. */
  getMany(
    orgId: string,
    recordType: MirrorRecordType,
    recordIds: readonly string[],
  ): Promise<MirroredRecord[]>;
  /** Records of one type ordered by id. */
  list(orgId: string, recordType: MirrorRecordType, options: MirrorListOptions): Promise<MirroredRecord[]>;
  /** Records (tombstones included) changed after `afterSeq`, in change order. */
  changesSince(
    orgId: string,
    afterSeq: number,
    options: { readonly limit: number; readonly recordTypes?: readonly MirrorRecordType[] },
  ): Promise<MirroredRecord[]>;
  /** Which of `recordIds` exist and are not deleted (for referential checks). */
  existingIds(
    orgId: string,
    recordType: MirrorRecordType,
    recordIds: readonly string[],
  ): Promise<Set<string>>;
  /** The organization's latest change sequence number (0 when nothing was ever stored). */
  lastChangeSeq(orgId: string): Promise<number>;
}
