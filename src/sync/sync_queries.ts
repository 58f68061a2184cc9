/**
 * The sync API's use cases: start a sync, read jobs (and watch one), the event log EstateCore
 * reads and the review queue. Each takes the Caller and asks the access decision before it reads
 * or writes; a property-scoped caller sees only what concerns its properties.
 */
import type { Tracer } from "../../domain/ports/tracing.ts";
import { type Caller, requireAuthorized } from "../../domain/access/authorize.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Job, JobQueue, JobStatus } from "../../domain/ports/job_queue.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { ReviewItem, ReviewQueue, SyncEvent, SyncEventLog } from "../../domain/ports/pull_state.ts";
import type { RecordMirror } from "../../domain/ports/record_mirror.ts";
import {
  abortableSleep,
  type JobProgressStreamOptions,
  type JobStreamEvent,
  watchJobProgress,
} from "./job_progress_stream.ts";
import { visibleSyncItems } from "./scope_attribution.ts";
import { enqueueSync, SYNC_JOB } from "./sync_jobs.ts";

/** How many review items a list shows at most. */
export const REVIEWS_LISTED = 500;

/**
 * A job as the caller may see it: a property-scoped caller gets its progress and outcome, not its
 * organization-wide result (which names every property's records).
 */
export function jobAsSeenBy(caller: Caller, job: Job): Job {
  return caller.propertyIds === undefined ? job : { ...job, result: null };
}

/** Queues a sync of the whole organization (organization-wide callers only). */
export function startSync(
  deps: {
    readonly jobs: JobQueue;
    readonly connections: ConnectionRepository;
    readonly clock: Clock;
    /** The request's trace, continued by the job's run. */
    readonly tracer?: Pick<Tracer, "traceParent">;
  },
  caller: Caller,
  input: { readonly direction: "push" | "pull" | "both"; readonly realmId?: string },
): Promise<{ job: Job; created: boolean }> {
  requireAuthorized(caller, "sync:run");
  return enqueueSync(deps, caller.orgId, input.realmId, input.direction);
}

async function ownJob(jobs: JobQueue, caller: Caller, jobId: string): Promise<Job> {
  const job = await jobs.get(jobId);
  if (!job || job.orgId !== caller.orgId || job.jobType !== SYNC_JOB) {
    throw new DomainError("NOT_FOUND", `No sync job ${jobId}`, { job_id: jobId });
  }
  return job;
}

/** One sync job of the caller's organization (NOT_FOUND for an unknown job or another organization's). */
export async function getSyncJob(
  deps: { readonly jobs: JobQueue },
  caller: Caller,
  jobId: string,
): Promise<Job> {
  requireAuthorized(caller, "sync:read");
  return jobAsSeenBy(caller, await ownJob(deps.jobs, caller, jobId));
}

/** The organization's recent sync jobs, newest first. */
export async function listSyncJobs(
  deps: { readonly jobs: JobQueue },
  caller: Caller,
  options: { readonly limit: number; readonly status?: JobStatus },
): Promise<Job[]> {
  requireAuthorized(caller, "sync:read");
  const jobs = await deps.jobs.listByOrg(caller.orgId, { ...options, jobType: SYNC_JOB });
  return jobs.map((job) => jobAsSeenBy(caller, job));
}

/**
 * The progress frames of one of the organization's sync jobs, as the caller may see them. A refused
 * caller or an unknown job fails before the first frame (the route answers it); a failure once the
 * stream runs can only end the stream, so it is logged here with the job it concerns.
 */
export async function* watchSyncJob(
  deps: {
    readonly jobs: JobQueue;
    readonly clock: Clock;
    readonly logger: Logger;
    readonly sleep?: typeof abortableSleep;
  },
  caller: Caller,
  jobId: string,
  options: JobProgressStreamOptions,
): AsyncGenerator<JobStreamEvent> {
  requireAuthorized(caller, "sync:read");
  await ownJob(deps.jobs, caller, jobId);
  try {
    yield* watchJobProgress(
      {
        jobs: deps.jobs,
        clock: deps.clock,
        sleep: deps.sleep ?? abortableSleep,
        seenBy: (job) => jobAsSeenBy(caller, job),
      },
      caller.orgId,
      jobId,
      options,
    );
  } catch (error) {
    deps.logger.error("job progress stream failed", { job_id: jobId, error });
    throw error;
  }
}

/** The event log after a sequence number; a property-scoped caller sees its properties' events. */
export async function listSyncEvents(
  deps: { readonly events: SyncEventLog; readonly mirror: RecordMirror },
  caller: Caller,
  options: { readonly afterSeq?: number; readonly limit: number },
): Promise<SyncEvent[]> {
  requireAuthorized(caller, "sync:read");
  const events = await deps.events.list(caller.orgId, options);
  return visibleSyncItems(deps.mirror, caller, events, (of, event) => of.ofEvent(event));
}

/** The review queue; a property-scoped caller sees the reviews of its properties' records. */
export async function listReviews(
  deps: { readonly reviews: ReviewQueue; readonly mirror: RecordMirror },
  caller: Caller,
  status?: "open" | "resolved",
): Promise<ReviewItem[]> {
  requireAuthorized(caller, "sync:read");
  const reviews = await deps.reviews.list(caller.orgId, { status, limit: REVIEWS_LISTED });
  return visibleSyncItems(deps.mirror, caller, reviews, (of, review) => of.ofReview(review));
}
