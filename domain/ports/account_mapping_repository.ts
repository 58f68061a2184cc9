import type {
  AccountAssignments,
  AccountMapping,
  PropertyAccountOverride,
} from "../mapping/account_mapping.ts";

/** When a part of the mapping was last written. */
export interface MappingRevision {
  readonly version: number;
  readonly updatedAt: string;
}

/** An organization's account mapping as stored, with revisions of its parts. */
export interface StoredAccountMapping {
  readonly mapping: AccountMapping;
  /** Null while the defaults were never written. */
  readonly defaultsRevision: MappingRevision | null;
  readonly overrideRevisions: Readonly<Record<string, MappingRevision>>;
}

/** Persistence of account mappings: organization defaults and per-property overrides. */
export interface AccountMappingRepository {
  /** The organization's mapping (empty defaults and no overrides when nothing was written). */
  get(orgId: string): Promise<StoredAccountMapping>;
  /** Replaces the organization defaults. */
  putDefaults(orgId: string, defaults: AccountAssignments, now: string): Promise<MappingRevision>;
  /** Replaces one property's overrides. */
  putPropertyOverride(
    orgId: string,
    propertyId: string,
    override: PropertyAccountOverride,
    now: string,
  ): Promise<MappingRevision>;
  /** Removes one property's overrides; false when there were none. */
  deletePropertyOverride(orgId: string, propertyId: string): Promise<boolean>;
}
