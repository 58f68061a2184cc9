import { DomainError } from "../errors.ts";

/**
 * A durable queue of background jobs (sync pushes, pulls, reconciliations) shared by every worker
 * process on the same database. A claim leases one job to one worker. A worker that dies lets its
 * lease run out and another worker takes the job over; a worker that starts again under the same
 * identity gives its dead predecessor's leases up at once ({@link JobQueue.releaseLeasesOf}). An
 * interrupted run (crash, takeover) spends no attempt: attempts count failures of the work itself,
 * interruptions are counted apart and bounded ({@link MAX_INTERRUPTIONS}).
 */

/**
 * queued: waiting for `runAfter`; running: leased to a worker; succeeded: ran to the end with every
 * item done or skipped; succeeded_with_errors: ran to the end but some items failed (the job's
 * `progress.failed`); dead: failed for good (max attempts reached or not retryable); cancelled.
 */
export const JOB_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "succeeded_with_errors",
  "dead",
  "cancelled",
] as const;
export type JobStatus = typeof JOB_STATUSES[number];

/** The statuses a job never leaves. */
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = [
  "succeeded",
  "succeeded_with_errors",
  "dead",
  "cancelled",
];

/**
 * A job whose run is cut short for this many times (its worker crashed, or lost the lease) goes
 * dead with LEASE_EXPIRED instead of being taken over once more: it may be what stops its workers.
 */
export const MAX_INTERRUPTIONS = 10;

/** How a job that ran to the end finished. */
export type CompletedJobStatus = "succeeded" | "succeeded_with_errors";

/**
 * A job that ran to the end succeeded only when none of its items failed.
 *
 * @example
 * ```ts
 * completedStatus({ total: 3, done: 2, failed: 1, skipped: 0, detail: {} }); // "succeeded_with_errors"
 * ```
 */
export function completedStatus(progress: Pick<JobProgress, "failed">): CompletedJobStatus {
  return progress.failed > 0 ? "succeeded_with_errors" : "succeeded";
}

/** How far a job got; written only by the lease holder. */
export interface JobProgress {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  /** Free-form, non-secret context (current tier, last record, ...). */
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface Job {
  readonly id: string;
  readonly orgId: string;
  readonly realmId: string | null;
  readonly jobType: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly status: JobStatus;
  readonly dedupeKey: string | null;
  /**
   * The run's attempt number (the first run is attempt 1): each retry after a failure of the work
   * is one more; a run taken over after a crash or a lost lease keeps the interrupted run's number.
   */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Runs cut short by a crash or a lease takeover (they spend no attempt). */
  readonly interruptions: number;
  readonly runAfter: string;
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
  readonly progress: JobProgress;
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly lastErrorCode: string | null;
  readonly lastErrorMessage: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/**
 * What the end of a job announces (outbound events): called in the unit of work that records the
 * end, so the announcement commits with it. Each job type's feature knows its result's shape.
 */
export interface JobAnnouncer {
  finished(job: Job, outcome: {
    readonly status: CompletedJobStatus;
    readonly progress: JobProgress;
    readonly result: Readonly<Record<string, unknown>>;
    readonly at: string;
  }): Promise<void>;
  failed(job: Job, outcome: {
    readonly code: string;
    readonly message: string;
    readonly attempts: number;
    /** False when the job is dead (no attempt left, or the failure is not retryable). */
    readonly willRetry: boolean;
    readonly at: string;
  }): Promise<void>;
}

export interface NewJob {
  readonly jobType: string;
  readonly orgId: string;
  readonly realmId: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
  /**
   * While a job with the same org and key is queued or running, enqueueing again returns that job
   * instead of adding another (e.g. one pending "push org X" at a time).
   */
  readonly dedupeKey?: string;
  /** Earliest start (ISO instant); now when absent. */
  readonly runAfter?: string;
  /** Default 5. */
  readonly maxAttempts?: number;
}

export interface JobFailure {
  readonly code: string;
  readonly message: string;
  /** False for failures a retry cannot fix (the job goes dead at once). Default true. */
  readonly retryable?: boolean;
  /**
   * The work could not start or go on for a while through no fault of its own (QuickBooks calls for
   * the company are paused by an open circuit): the job waits until then and the run spends no
   * attempt. A failure of the work itself (the trial call after the pause failing) still does.
   */
  readonly deferUntil?: string;
}

export interface ClaimOptions {
  /** Only jobs of these types. */
  readonly jobTypes?: readonly string[];
}

export interface JobQueue {
  /** Adds a job, or returns the live job with the same dedupe key (`created: false`). */
  enqueue(job: NewJob, now: string): Promise<{ readonly job: Job; readonly created: boolean }>;
  /**
   * Leases the next due job to `workerId` for `leaseMs`: a queued job whose `runAfter` has come
   * (attempt + 1), or a running job whose lease expired (taken over: same attempt, interruption +
   * 1). Exactly one of several concurrent claimers gets a given job. A job interrupted
   * {@link MAX_INTERRUPTIONS} times goes dead (LEASE_EXPIRED) instead. Null when none is due.
   */
  claim(workerId: string, leaseMs: number, now: string, options?: ClaimOptions): Promise<Job | null>;
  /**
   * Ends, as of `now`, every lease `workerId` holds: called by a worker starting under that
   * identity, whose earlier process died holding them (no process has two workers of one
   * identity), so its jobs are taken over at once instead of after their lease time. Returns how
   * many leases it released.
   */
  releaseLeasesOf(workerId: string, now: string): Promise<number>;
  /** Extends the lease; false when `workerId` no longer holds it (expired and reclaimed, or cancelled). */
  heartbeat(jobId: string, workerId: string, leaseMs: number, now: string): Promise<boolean>;
  /** Records progress; false (nothing written) unless `workerId` holds the lease. */
  updateProgress(jobId: string, workerId: string, progress: JobProgress, now: string): Promise<boolean>;
  /**
   * Marks the job finished with `status` (default succeeded; succeeded_with_errors when some of
   * its items failed); false unless `workerId` holds the lease.
   */
  complete(
    jobId: string,
    workerId: string,
    result: Readonly<Record<string, unknown>>,
    now: string,
    status?: CompletedJobStatus,
  ): Promise<boolean>;
  /**
   * Records a failure: requeued with exponential backoff while attempts remain and the failure is
   * retryable, dead otherwise. Null unless `workerId` holds the lease.
   */
  fail(jobId: string, workerId: string, failure: JobFailure, now: string): Promise<Job | null>;
  /** Cancels a queued or running job of the org; false when it is finished or unknown. */
  cancel(orgId: string, jobId: string, now: string): Promise<boolean>;
  get(jobId: string): Promise<Job | null>;
  /** The org's jobs, newest first. */
  listByOrg(
    orgId: string,
    options: { readonly limit: number; readonly status?: JobStatus; readonly jobType?: string },
  ): Promise<Job[]>;
}

/**
 * Thrown when a worker finds that the job's lease is no longer its own (it expired and another
 * worker claimed the job, or the job was cancelled): what it was about to record is not written,
 * and the worker leaves the job to its new owner instead of failing it.
 *
 * @example
 * ```ts
 * const error = new LeaseLostError("job-7", "worker-1");
 * error.code; // "LEASE_LOST"
 * error.details; // { job_id: "job-7", worker_id: "worker-1" }
 * ```
 */
export class LeaseLostError extends DomainError {
  constructor(jobId: string, workerId: string, options?: ErrorOptions) {
    super("LEASE_LOST", `worker ${workerId} no longer holds the lease of job ${jobId}`, {
      job_id: jobId,
      worker_id: workerId,
    }, options);
    this.name = "LeaseLostError";
  }
}
