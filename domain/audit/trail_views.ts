import type { AuditQuery, AuditRecord } from "../ports/audit_log.ts";
import type { SignatureProblem } from "../ports/audit_signer.ts";

/** What `GET /audit-trail` and its export filter on, besides the store's own filters. */
export interface AuditTrailFilter extends Omit<AuditQuery, "limit" | "afterSeq"> {
  /** `details.outcome` of the record (`succeeded`, `failed`, `refused`, ...). */
  readonly outcome?: string;
}

export interface AuditTrailPage {
  readonly items: readonly AuditRecord[];
  /** The `after_seq` of the next page; null when nothing more matches. */
  readonly nextCursor: number | null;
}

/** What to verify: the whole trail (from its retention anchor), a range, or against a checkpoint a client kept. */
export interface AuditVerifyRequest {
  /** A signed checkpoint (compact JWS) the trail must still extend. */
  readonly checkpoint?: string;
  readonly fromSeq?: number;
  readonly toSeq?: number;
}

/** Why the trail does not verify. */
export type AuditBreak =
  | "changed_content"
  | "missing_record"
  | "reordered"
  | "out_of_place"
  | "other_organization"
  | "checkpoint_mismatch"
  | "checkpoint_beyond_trail"
  | "checkpoint_other_organization"
  | `checkpoint_${SignatureProblem}`;

export type AuditVerification =
  | {
    readonly valid: true;
    readonly fromSeq: number;
    readonly toSeq: number;
    readonly verified: number;
    readonly lastHash: string;
    /** Signed checkpoints checked against the trail (stored ones in the range, and the one given). */
    readonly checkpointsChecked: number;
    /** Where verification started: the retention anchor of a pruned prefix, or null from the first record. */
    readonly anchor: { readonly seq: number; readonly hash: string } | null;
  }
  | {
    readonly valid: false;
    /** The first chain position that fails (null when the checkpoint given is itself unusable). */
    readonly firstBrokenSeq: number | null;
    readonly reason: AuditBreak;
    readonly expected: string | null;
    readonly actual: string | null;
    readonly verified: number;
  };
