import type { NewAuditRecord } from "../ports/audit_log.ts";
import type { Job, JobProgress } from "../ports/job_queue.ts";

/** How a job run ended, as the audit trail records it. */
export type JobRunEnd =
  | { readonly kind: "started" }
  | {
    readonly kind: "finished";
    readonly status: string;
    readonly progress: JobProgress;
    readonly result: Readonly<Record<string, unknown>>;
  }
  | {
    readonly kind: "failed";
    readonly code: string;
    readonly message: string;
    readonly status: string | null;
    readonly attempts: number | null;
  };

/** Failures of a push's result by our code (`{ QB004: 2, QB009: 1 }`), from its `push.failed` writes. */
export function failuresByCode(result: Readonly<Record<string, unknown>>): Record<string, number> {
  const push = result.push as { failed?: readonly { code?: unknown }[] } | undefined;
  const counts: Record<string, number> = {};
  for (const failure of push?.failed ?? []) {
    const code = typeof failure.code === "string" ? failure.code : "UNKNOWN";
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

/**
 * The audit record of a job run's start or end (`job.started`, `job.finished`, `job.failed`), by
 * the worker that ran it: the job's type, realm and attempt, and at the end its status, counts and
 * failures by code, or the error that ended the attempt.
 *
 * @example
 * ```ts
 * jobRunRecord(job, { kind: "started" }, "worker-1", at).action; // "job.started"
 * ```
 */
export function jobRunRecord(job: Job, end: JobRunEnd, workerId: string, at: string): NewAuditRecord {
  const base = {
    job_id: job.id,
    job_type: job.jobType,
    realm_id: job.realmId,
    attempt: job.attempts,
    worker_id: workerId,
  };
  const details = end.kind === "started"
    ? { ...base, direction: job.payload.direction ?? null }
    : end.kind === "finished"
    ? {
      ...base,
      status: end.status,
      total: end.progress.total,
      done: end.progress.done,
      failed: end.progress.failed,
      skipped: end.progress.skipped,
      failures_by_code: failuresByCode(end.result),
      outcome: end.status === "succeeded" ? "succeeded" : "partial",
    }
    : {
      ...base,
      code: end.code,
      message: end.message,
      status: end.status,
      attempts: end.attempts,
      outcome: "failed",
    };
  return {
    orgId: job.orgId,
    at,
    actor: "system:worker",
    action: `job.${end.kind}`,
    target: `job:${job.id}`,
    details,
    requestId: null,
  };
}
