import { isDomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import {
  completedStatus,
  type Job,
  type JobAnnouncer,
  type JobProgress,
  type JobQueue,
} from "../../domain/ports/job_queue.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import { type JobRunOutcome, NO_METRICS, type ServiceMetrics } from "../../domain/ports/metrics.ts";
import { NO_TRACING, TRACE_PARENT_KEY, type Tracer } from "../../domain/ports/tracing.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { jobRunRecord } from "../../domain/audit/job_record.ts";

/** What a job handler can do while it runs. */
export interface JobContext {
  readonly workerId: string;
  /** Records progress; false when this worker no longer holds the job's lease. */
  progress(progress: JobProgress): Promise<boolean>;
}

/** Runs one job of a type; its result is stored with the job. */
export type JobHandler = (job: Job, context: JobContext) => Promise<Readonly<Record<string, unknown>>>;

/** Failures worth retrying later: throttling, QBO or network unavailable, lease races. */
const RETRYABLE = new Set(["QB003", "QB007", "RATE_LIMITED"]);

export interface JobWorkerOptions {
  readonly jobs: JobQueue;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workerId: string;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Lease length; the worker renews it every third of it while a job runs. */
  readonly leaseMs?: number;
  /** Each run's start and end are recorded here; a run whose end cannot be recorded is not completed. */
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
  /** Announces each run's end (outbound events), in the unit of work that records it. */
  readonly announce: JobAnnouncer;
  /** Each run's duration and outcome are recorded here. */
  readonly metrics?: ServiceMetrics;
  /** Each run is a span (its QuickBooks calls are its children), the child of the trace that queued it. */
  readonly tracer?: Tracer;
}

/**
 * Claims due jobs from the durable queue and runs them. A job is leased, not taken: if this
 * process dies, the lease expires and another worker resumes the job (handlers are idempotent:
 * the push re-plans from stored links). Several workers can share one database, each under its
 * own identity; a worker that starts again under a dead one's identity takes that one's jobs back
 * at once ({@link JobWorker.releaseOrphanedLeases}) instead of waiting out their leases.
 */
export class JobWorker {
  readonly #o: Required<JobWorkerOptions>;
  #stopped = false;

  constructor(options: JobWorkerOptions) {
    this.#o = { leaseMs: 60_000, metrics: NO_METRICS, tracer: NO_TRACING, ...options };
  }

  /** This worker's lease-holder id. */
  get id(): string {
    return this.#o.workerId;
  }

  /** Claims and runs at most one job; true when one ran. */
  async runOnce(): Promise<boolean> {
    const { jobs, clock, workerId, handlers, leaseMs } = this.#o;
    const job = await jobs.claim(workerId, leaseMs, clock.now().toISOString(), {
      jobTypes: Object.keys(handlers),
    });
    if (!job) return false;
    const finished = this.#o.metrics.jobStarted(job.jobType);
    // The run continues the trace of the call that queued the job, when it carried one.
    const queuedBy = job.payload[TRACE_PARENT_KEY];
    const outcome = await this.#o.tracer.inSpan(`job ${job.jobType}`, {
      "job.id": job.id,
      "job.type": job.jobType,
      "job.attempt": job.attempts,
      "estatecore.org_id": job.orgId,
      ...(job.realmId ? { "quickbooks.realm_id": job.realmId } : {}),
      "worker.id": workerId,
    }, async (span) => {
      const outcome = await this.#run(job).catch((error) => {
        // Not even the failure could be recorded (the queue is unreachable): still a failed run.
        finished("failed");
        throw error;
      });
      span.setAttributes({ "job.outcome": outcome });
      return outcome;
    }, typeof queuedBy === "string" ? queuedBy : null);
    finished(outcome);
    return true;
  }

  /** Runs a claimed job to its end; how it ended. */
  async #run(job: Job): Promise<JobRunOutcome> {
    const { jobs, clock, logger, workerId, handlers, leaseMs, audit, atomically, announce } = this.#o;
    const log = logger.child({
      job_id: job.id,
      job_type: job.jobType,
      org_id: job.orgId,
      worker_id: workerId,
    });
    log.info("job started", { attempt: job.attempts });
    const renew = setInterval(() => {
      jobs.heartbeat(job.id, workerId, leaseMs, clock.now().toISOString()).catch((error) =>
        log.warn("lease renewal failed", { error })
      );
    }, Math.max(1000, Math.floor(leaseMs / 3)));
    try {
      await audit(jobRunRecord(job, { kind: "started" }, workerId, clock.now().toISOString()));
      const result = await handlers[job.jobType](job, {
        workerId,
        progress: (progress) => jobs.updateProgress(job.id, workerId, progress, clock.now().toISOString()),
      });
      // The stored progress is the job's own account of its items (the push also commits it with
      // each batch of links): any failed item makes it succeeded_with_errors, never plain succeeded.
      const progress = (await jobs.get(job.id))?.progress ?? job.progress;
      const status = completedStatus(progress);
      // The run's end and its audit entry commit together: a run whose end is not recorded is not
      // completed (its lease runs out and it runs again).
      // A run whose lease went to another worker completes nothing, and records and announces nothing.
      await atomically(async () => {
        if (!await jobs.complete(job.id, workerId, result, clock.now().toISOString(), status)) return;
        const at = clock.now().toISOString();
        await audit(jobRunRecord(job, { kind: "finished", status, progress, result }, workerId, at));
        await announce.finished(job, { status, progress, result, at });
      });
      log.info("job finished", { status });
      return status;
    } catch (error) {
      if (isDomainError(error) && error.code === "LEASE_LOST") {
        log.warn("lease lost; another worker owns the job now");
        return "lease_lost";
      } else {
        const code = isDomainError(error) ? error.code : "INTERNAL_ERROR";
        const message = error instanceof Error ? error.message : String(error);
        const pausedUntil = isDomainError(error) && typeof error.details.circuit_retry_at === "string"
          ? error.details.circuit_retry_at
          : undefined;
        // The failure and its audit entry commit together; when they cannot, the job stays leased
        // and runs again once the lease is out, rather than failing unrecorded.
        await atomically(async () => {
          const failed = await jobs.fail(
            job.id,
            workerId,
            {
              code,
              message,
              retryable: RETRYABLE.has(code),
              ...(pausedUntil ? { deferUntil: pausedUntil } : {}),
            },
            clock.now().toISOString(),
          );
          await audit(jobRunRecord(
            job,
            {
              kind: "failed",
              code,
              message,
              status: failed?.status ?? null,
              attempts: failed?.attempts ?? null,
            },
            workerId,
            clock.now().toISOString(),
          ));
          if (failed) {
            await announce.failed(job, {
              code,
              message,
              attempts: failed.attempts,
              willRetry: failed.status !== "dead" && failed.status !== "cancelled",
              at: clock.now().toISOString(),
            });
          }
          return failed;
        }).then(
          (failed) =>
            log.error("job failed", { code, message, status: failed?.status, attempts: failed?.attempts }),
          (recordError) =>
            log.error(
              "job failed; the failure could not be recorded, it runs again when its lease runs out",
              {
                code,
                message,
                error: recordError,
              },
            ),
        );
        return "failed";
      }
    } finally {
      clearInterval(renew);
    }
  }

  /**
   * Ends the leases still held under this worker's identity: no other live worker has it, so
   * they belong to an earlier process that died, and its jobs are claimable now (the interrupted
   * run spends no attempt). Returns how many were released.
   */
  async releaseOrphanedLeases(): Promise<number> {
    const { jobs, clock, logger, workerId } = this.#o;
    const released = await jobs.releaseLeasesOf(workerId, clock.now().toISOString());
    if (released > 0) {
      logger.info("took back the jobs of this worker's previous run", { worker_id: workerId, released });
    }
    return released;
  }

  /** Takes back its orphaned leases, then runs jobs until `stop()`; idles `idleMs` when the queue is empty. */
  async run(idleMs = 1000, onIdle?: () => Promise<void>): Promise<void> {
    try {
      await this.releaseOrphanedLeases();
    } catch (error) {
      // Not fatal: those jobs are still taken over once their leases run out.
      this.#o.logger.error("releasing orphaned leases failed", { error });
    }
    while (!this.#stopped) {
      let ran = false;
      try {
        ran = await this.runOnce();
        if (!ran) await onIdle?.();
      } catch (error) {
        this.#o.logger.error("worker loop error", { error });
      }
      if (!ran && !this.#stopped) await new Promise((r) => setTimeout(r, idleMs));
    }
  }

  stop(): void {
    this.#stopped = true;
  }
}
