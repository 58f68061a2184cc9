import { type Caller, requireAuthorized } from "../../domain/access/authorize.ts";
import { GENESIS_HASH } from "../../domain/audit/audit_chain.ts";
import type { CheckpointPurpose, SignedCheckpoint } from "../../domain/audit/checkpoint.ts";
import type { AuditCheckpointStore } from "../../domain/ports/audit_checkpoint_store.ts";
import type { AuditLog } from "../../domain/ports/audit_log.ts";
import type { AuditSigner } from "../../domain/ports/audit_signer.ts";
import type { Clock } from "../../domain/ports/clock.ts";

export interface AuditCheckpointDependencies {
  readonly log: Pick<AuditLog, "head">;
  readonly signer: Pick<AuditSigner, "sign">;
  readonly checkpoints: AuditCheckpointStore;
  readonly clock: Clock;
}

/**
 * Signs the organization's trail as it stands (its last position and hash) and keeps the
 * checkpoint; asked again before the trail moved, it answers the checkpoint already made.
 */
export async function checkpointTrail(
  deps: AuditCheckpointDependencies,
  orgId: string,
  purpose: CheckpointPurpose,
): Promise<SignedCheckpoint> {
  const head = await deps.log.head(orgId);
  const signed = await deps.signer.sign({
    orgId,
    seq: head?.seq ?? 0,
    hash: head?.hash ?? GENESIS_HASH,
    at: deps.clock.now().toISOString(),
    purpose,
  });
  return await deps.checkpoints.save(signed);
}

/** `POST /audit-trail/checkpoints`: a signed checkpoint of the caller's organization's trail now. */
export function checkpointNow(deps: AuditCheckpointDependencies, caller: Caller): Promise<SignedCheckpoint> {
  requireAuthorized(caller, "audit:read");
  return checkpointTrail(deps, caller.orgId, "on_demand");
}

/**
 * The periodic task: a `periodic` checkpoint of each organization whose trail moved since its last
 * checkpoint (of any purpose). Returns how many were made.
 */
export async function checkpointMovedTrails(
  deps: AuditCheckpointDependencies,
  organizations: { list(options: { limit: number; offset: number }): Promise<readonly { id: string }[]> },
): Promise<number> {
  let made = 0;
  for (let offset = 0;; offset += ORGANIZATION_PAGE) {
    const page = await organizations.list({ limit: ORGANIZATION_PAGE, offset });
    made += await checkpointOrganizations(deps, page.map((o) => o.id));
    if (page.length < ORGANIZATION_PAGE) return made;
  }
}

const ORGANIZATION_PAGE = 200;

async function checkpointOrganizations(
  deps: AuditCheckpointDependencies,
  orgIds: readonly string[],
): Promise<number> {
  let made = 0;
  for (const orgId of orgIds) {
    const head = await deps.log.head(orgId);
    if (!head) continue;
    const latest = await deps.checkpoints.latest(orgId);
    if (latest && latest.checkpoint.seq >= head.seq) continue;
    await checkpointTrail(deps, orgId, "periodic");
    made++;
  }
  return made;
}
