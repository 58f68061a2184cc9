import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { FailedRecord } from "../../domain/sync_engine/push_outcomes.ts";
import type { JobAnnouncer } from "../../domain/ports/job_queue.ts";

/**
 * What the end of a sync run announces: `sync.run.completed` with its counts and one
 * `sync.record.failed` per record the push could not write (the run's result lists them), or
 * `sync.run.failed` with the code and whether it runs again.
 */
export function syncRunEvents(emit: EmitEvent): JobAnnouncer {
  return {
    async finished(job, { status, progress, result, at }) {
      const link = `/sync/jobs/${job.id}`;
      await emit(job.orgId, "sync.run.completed", {
        job_id: job.id,
        job_type: job.jobType,
        realm_id: job.realmId,
        status,
        succeeded: progress.done,
        failed: progress.failed,
        link,
      }, at);
      const push = result.push as { readonly failed?: readonly FailedRecord[] } | null | undefined;
      for (const failure of push?.failed ?? []) {
        await emit(job.orgId, "sync.record.failed", {
          job_id: job.id,
          realm_id: job.realmId,
          record_type: failure.recordType,
          record_id: failure.recordId,
          code: failure.code,
          message: failure.message,
          link,
        }, at);
      }
    },
    async failed(job, { code, message, attempts, willRetry, at }) {
      await emit(job.orgId, "sync.run.failed", {
        job_id: job.id,
        job_type: job.jobType,
        realm_id: job.realmId,
        code,
        message,
        attempts,
        will_retry: willRetry,
        link: `/sync/jobs/${job.id}`,
      }, at);
    },
  };
}
