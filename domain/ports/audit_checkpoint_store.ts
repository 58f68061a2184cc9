import type { CheckpointPurpose, SignedCheckpoint } from "../audit/checkpoint.ts";

/**
 * The signed checkpoints the service made, per organization. The store holds them for listing and
 * for anchoring a pruned prefix; their trust comes from the signature, never from the store: a
 * verifier checks each one against the published keys.
 */
export interface AuditCheckpointStore {
  /**
   * Keeps a checkpoint; one per organization, chain position and purpose, so asking twice for a
   * checkpoint of an unchanged trail answers the one already made. Returns the one kept.
   */
  save(signed: SignedCheckpoint): Promise<SignedCheckpoint>;
  /** The newest checkpoint of an organization (of one purpose when given), by chain position. */
  latest(orgId: string, purpose?: CheckpointPurpose): Promise<SignedCheckpoint | null>;
  /** Checkpoints newest first, below `beforeSeq` when given. */
  list(
    orgId: string,
    options?: { readonly beforeSeq?: number; readonly limit?: number },
  ): Promise<SignedCheckpoint[]>;
}
