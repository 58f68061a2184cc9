import type { MappingProblem } from "../mapping/mapping_validation.ts";

/** The outcome of checking an organization's account mapping against one connected company. */
export interface StoredMappingValidation {
  readonly orgId: string;
  readonly realmId: string;
  readonly state: "valid" | "invalid";
  readonly problems: readonly MappingProblem[];
  /** Fingerprint of the mapping that was checked: a later change makes the result stale. */
  readonly mappingFingerprint: string;
  readonly checkedAt: string;
}

/** Persistence of mapping validations, one per (organization, realm). */
export interface MappingValidationRepository {
  get(orgId: string, realmId: string): Promise<StoredMappingValidation | null>;
  /** Inserts or replaces the validation of (orgId, realmId). */
  save(validation: StoredMappingValidation): Promise<void>;
}
