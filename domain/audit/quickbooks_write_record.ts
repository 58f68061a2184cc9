import type { WriteAnswer } from "../sync/apply_batch_outcome.ts";
import type { SyncBatch } from "../sync/sync_plan.ts";
import type { OwnerRecord } from "../sync_engine/record_owners.ts";
import type { NewAuditRecord } from "../ports/audit_log.ts";

/**
 * The audit record of one batch the push sent to QuickBooks: every write with its entity, id,
 * operation and outcome (our code and QBO's for a refusal), the batch's `requestid` and QBO's
 * transaction id (`intuit_tid`), and every property the writes belong to (a property-scoped auditor
 * sees the record only when all of them are in its scope). Records are written at least once: a
 * batch retried after a crash answers again under the same requestid and is recorded again.
 *
 * @example
 * ```ts
 * quickbooksBatchRecord({ orgId: "org-1", realmId: "9341", at, actor: "system:worker", batch, answers,
 *   intuitTid: "1-abc", calls: 1, ownersOf: () => [], requestId: null }).details.written; // 3
 * ```
 */
export function quickbooksBatchRecord(input: {
  readonly orgId: string;
  readonly realmId: string;
  readonly at: string;
  readonly actor: string;
  readonly batch: SyncBatch;
  readonly answers: readonly WriteAnswer[];
  readonly intuitTid: string | null;
  readonly calls: number;
  readonly ownersOf: (entityType: string, syncRecordId: string) => readonly OwnerRecord[];
  /** The job's id, when the batch ran in one. */
  readonly jobId?: string;
  readonly requestId: string | null;
}): NewAuditRecord {
  const propertyIds = new Set<string>();
  let written = 0;
  const writes = input.answers.map((answer) => {
    const op = answer.operation;
    for (const owner of input.ownersOf(op.entityType, op.recordId)) {
      if (owner.propertyId !== null) propertyIds.add(owner.propertyId);
    }
    if (answer.ok) written++;
    return answer.ok
      ? {
        entity: op.entityType,
        qbo_id: answer.qboId,
        operation: op.kind,
        record_id: op.recordId,
        outcome: "written",
      }
      : {
        entity: op.entityType,
        qbo_id: op.qboId ?? null,
        operation: op.kind,
        record_id: op.recordId,
        outcome: "refused",
        code: answer.refused.code,
        qbo_code: answer.refused.qboCode,
      };
  });
  const refused = writes.length - written;
  return {
    orgId: input.orgId,
    at: input.at,
    actor: input.actor,
    action: "qbo.batch_written",
    target: `realm:${input.realmId}`,
    details: {
      requestid: input.batch.requestId,
      intuit_tid: input.intuitTid,
      calls: input.calls,
      written,
      refused,
      writes,
      property_ids: [...propertyIds].sort(),
      ...(input.jobId ? { job_id: input.jobId } : {}),
      outcome: refused === 0 ? "succeeded" : written === 0 ? "failed" : "partial",
    },
    requestId: input.requestId,
  };
}
