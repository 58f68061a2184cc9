import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { AuditCheckpointStore } from "../../domain/ports/audit_checkpoint_store.ts";
import type { AuditLog } from "../../domain/ports/audit_log.ts";
import type { AuditSigner } from "../../domain/ports/audit_signer.ts";
import type { Clock } from "../../domain/ports/clock.ts";

export interface AuditRetentionDependencies {
  readonly log: Pick<AuditLog, "head" | "pruneThrough">;
  readonly signer: Pick<AuditSigner, "sign">;
  readonly checkpoints: AuditCheckpointStore;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
  readonly clock: Clock;
}

/**
 * Prunes an organization's records older than `retentionDays` without breaking verification: the
 * last record before the cut-off is signed first as a `retention` checkpoint (the anchor
 * verification starts from), then the records up to it are deleted, and the pruning is recorded
 * in the trail it pruned (`audit.pruned`). Returns how many records went (0 when none is old enough
 * or an anchor already covers them).
 */
export async function pruneAuditTrail(
  deps: AuditRetentionDependencies,
  orgId: string,
  retentionDays: number,
): Promise<number> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const last = await deps.log.head(orgId, { before });
  if (!last) return 0;
  const anchor = await deps.checkpoints.latest(orgId, "retention");
  if (anchor && anchor.checkpoint.seq >= last.seq) return 0;
  // The anchor, the deletion and its entry commit together: no anchor without its pruning recorded.
  return await deps.atomically(async () => {
    const signed = await deps.checkpoints.save(
      await deps.signer.sign({
        orgId,
        seq: last.seq,
        hash: last.hash,
        at: now.toISOString(),
        purpose: "retention",
      }),
    );
    const pruned = await deps.log.pruneThrough(orgId, signed.checkpoint.seq);
    await deps.audit({
      orgId,
      at: now.toISOString(),
      actor: "system:scheduler",
      action: "audit.pruned",
      target: null,
      details: {
        through_seq: signed.checkpoint.seq,
        anchor_hash: signed.checkpoint.hash,
        before,
        pruned,
        outcome: "succeeded",
      },
      requestId: null,
    });
    return pruned;
  });
}

/** The daily task: {@link pruneAuditTrail} for every organization, page by page. */
export async function pruneAuditTrails(
  deps: AuditRetentionDependencies,
  organizations: { list(options: { limit: number; offset: number }): Promise<readonly { id: string }[]> },
  retentionDays: number,
): Promise<number> {
  let pruned = 0;
  for (let offset = 0;; offset += 200) {
    const page = await organizations.list({ limit: 200, offset });
    for (const { id } of page) pruned += await pruneAuditTrail(deps, id, retentionDays);
    if (page.length < 200) return pruned;
  }
}
