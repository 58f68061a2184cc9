import { type Caller, requireAuthorized } from "../../domain/access/authorize.ts";
import { type ChainBreak, GENESIS_HASH, verifyAuditChain } from "../../domain/audit/audit_chain.ts";
import type { AuditCheckpoint } from "../../domain/audit/checkpoint.ts";
import { DomainError } from "../../domain/errors.ts";
import type { AuditCheckpointStore } from "../../domain/ports/audit_checkpoint_store.ts";
import type { AuditLog, AuditRecord } from "../../domain/ports/audit_log.ts";
import type { AuditSigner } from "../../domain/ports/audit_signer.ts";
import type { AuditBreak, AuditVerification, AuditVerifyRequest } from "../../domain/audit/trail_views.ts";
import type { Hasher } from "../../domain/ports/hasher.ts";

export interface AuditVerifyDependencies {
  readonly log: Pick<AuditLog, "list">;
  readonly hasher: Hasher;
  readonly signer: Pick<AuditSigner, "verify">;
  readonly checkpoints: Pick<AuditCheckpointStore, "list" | "latest">;
}

const PAGE = 500;

function breakOf(reason: ChainBreak, expected: string, actual: string): AuditBreak {
  switch (reason) {
    case "hash_mismatch":
      return "changed_content";
    case "sequence_gap":
      return Number(actual) > Number(expected) ? "missing_record" : "reordered";
    case "previous_hash_mismatch":
      return "out_of_place";
    case "other_organization":
      return "other_organization";
  }
}

function invalid(
  firstBrokenSeq: number | null,
  reason: AuditBreak,
  verified: number,
  expected: string | null = null,
  actual: string | null = null,
): AuditVerification {
  return { valid: false, firstBrokenSeq, reason, expected, actual, verified };
}

/**
 * Verifies the caller's organization's audit trail: every record's hash recomputed over its
 * canonical content and chained to the previous one, positions without gaps, from the retention
 * anchor (a signed checkpoint of the pruned prefix) or the first record, or within a range; every
 * stored signed checkpoint in the range must verify against the published keys and match the
 * record at its position, and so must a checkpoint the caller kept (then the trail must reach it:
 * today's log is an extension of the log it signed). Answers `valid` or the first position that
 * fails and why.
 */
export async function verifyAuditTrail(
  deps: AuditVerifyDependencies,
  caller: Caller,
  request: AuditVerifyRequest,
): Promise<AuditVerification> {
  requireAuthorized(caller, "audit:read");
  const { fromSeq, toSeq } = request;
  if (fromSeq !== undefined && toSeq !== undefined && fromSeq > toSeq) {
    throw new DomainError("VALIDATION_FAILED", "from_seq must not be after to_seq", {
      issues: [{ path: "json.from_seq", message: "must not be after to_seq" }],
    });
  }
  const checkpoints: AuditCheckpoint[] = [];
  if (request.checkpoint !== undefined) {
    const given = await deps.signer.verify(request.checkpoint);
    if (!given.ok) return invalid(null, `checkpoint_${given.problem}`, 0);
    if (given.checkpoint.orgId !== caller.orgId) {
      return invalid(null, "checkpoint_other_organization", 0, caller.orgId, given.checkpoint.orgId);
    }
    checkpoints.push(given.checkpoint);
  }

  // Where the chain starts: the record before the range, the retention anchor, or the genesis.
  let start = { seq: 0, hash: GENESIS_HASH };
  let anchor: { seq: number; hash: string } | null = null;
  const retention = await deps.checkpoints.latest(caller.orgId, "retention");
  if (retention) {
    const checked = await deps.signer.verify(retention.jws);
    if (!checked.ok) return invalid(retention.checkpoint.seq, `checkpoint_${checked.problem}`, 0);
    anchor = { seq: checked.checkpoint.seq, hash: checked.checkpoint.hash };
    start = anchor;
  }
  if (fromSeq !== undefined && fromSeq - 1 > start.seq) {
    const [before] = await deps.log.list(caller.orgId, { afterSeq: fromSeq - 2, limit: 1 });
    if (!before || before.seq !== fromSeq - 1) {
      return invalid(
        fromSeq - 1,
        "missing_record",
        0,
        String(fromSeq - 1),
        before ? String(before.seq) : null,
      );
    }
    start = { seq: before.seq, hash: before.hash };
  }
  const first = start.seq + 1;
  const last = toSeq ?? Number.MAX_SAFE_INTEGER;

  // Stored checkpoints inside the range are checked too: a rewritten and re-hashed prefix still
  // contradicts the signatures made before it.
  for (const stored of await deps.checkpoints.list(caller.orgId, { limit: 10_000 })) {
    if (stored.checkpoint.purpose === "retention" || stored.checkpoint.seq < first) continue;
    if (stored.checkpoint.seq > last) continue;
    const checked = await deps.signer.verify(stored.jws);
    if (!checked.ok) return invalid(stored.checkpoint.seq, `checkpoint_${checked.problem}`, 0);
    checkpoints.push(checked.checkpoint);
  }
  const expectations = new Map<number, AuditCheckpoint>();
  for (const c of checkpoints.sort((a, b) => a.seq - b.seq)) {
    if (!expectations.has(c.seq)) expectations.set(c.seq, c);
  }

  let verified = 0;
  let cursor = start;
  let lastRecord: AuditRecord | undefined;
  for (;;) {
    const page = (await deps.log.list(caller.orgId, { afterSeq: cursor.seq, limit: PAGE }))
      .filter((r) => r.seq <= last);
    if (page.length === 0) break;
    const result = await verifyAuditChain(deps.hasher, page, cursor);
    if (!result.ok) {
      const at = result.reason === "sequence_gap" && Number(result.actual) > Number(result.expected)
        ? Number(result.expected)
        : result.brokenAtSeq;
      return invalid(
        at,
        breakOf(result.reason, result.expected, result.actual),
        verified + result.verified,
        result.expected,
        result.actual,
      );
    }
    for (const record of page) {
      const expected = expectations.get(record.seq);
      if (expected && expected.hash !== record.hash) {
        return invalid(record.seq, "checkpoint_mismatch", verified, expected.hash, record.hash);
      }
    }
    verified += page.length;
    lastRecord = page[page.length - 1];
    cursor = { seq: lastRecord.seq, hash: lastRecord.hash };
    if (page.length < PAGE || cursor.seq >= last) break;
  }
  const reached = lastRecord?.seq ?? start.seq;
  const beyond = [...expectations.values()].find((c) => c.seq > reached && c.seq > start.seq);
  if (beyond) {
    return invalid(reached + 1, "checkpoint_beyond_trail", verified, String(beyond.seq), String(reached));
  }
  if (toSeq !== undefined && reached < toSeq) {
    return invalid(reached + 1, "missing_record", verified, String(reached + 1), null);
  }
  return {
    valid: true,
    fromSeq: first,
    toSeq: reached,
    verified,
    lastHash: cursor.hash,
    checkpointsChecked: expectations.size,
    anchor,
  };
}
