import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import { FINISHED_JOB_STATUSES, type Job, type JobQueue } from "../../domain/ports/job_queue.ts";
import { type SyncJobView, viewJob } from "./sync_jobs.ts";

/** One thing to send on a job's progress stream. */
export type JobStreamEvent =
  | { readonly kind: "progress"; readonly id: string; readonly job: SyncJobView }
  | { readonly kind: "done"; readonly id: string; readonly job: SyncJobView }
  | { readonly kind: "heartbeat" };

export interface JobProgressStreamDependencies {
  readonly jobs: Pick<JobQueue, "get">;
  readonly clock: Clock;
  /** Waits `ms` of real time, or less when `signal` aborts (polling is I/O pacing, not business time). */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** What of a job the watcher may see (a property-scoped caller's view); the job itself by default. */
  readonly seenBy?: (job: Job) => Job;
}

export interface JobProgressStreamOptions {
  /** How often the job row is read. */
  readonly pollIntervalMs: number;
  /** How long the stream may stay silent before a heartbeat is sent (so proxies keep it open). */
  readonly heartbeatMs: number;
  /** The `Last-Event-ID` the client reconnected with: that exact state is not sent again. */
  readonly lastEventId?: string | null;
  /** Aborted when the client goes away: polling stops. */
  readonly signal: AbortSignal;
}

export const DEFAULT_JOB_STREAM_OPTIONS = { pollIntervalMs: 1_000, heartbeatMs: 15_000 } as const;

const TERMINAL = new Set<string>(FINISHED_JOB_STATUSES);

/**
 * The identity of what a client has seen of a job: attempt, status and counts. Rate and ETA are
 * derived from the clock and change on every read, so they do not make a new event.
 *
 * @example
 * ```ts
 * jobStateId(job); // "1.running.120.3.1.250" (attempt.status.done.failed.skipped.total)
 * ```
 */
export function jobStateId(job: Job): string {
  const p = job.progress;
  return [job.attempts, job.status, p.done, p.failed, p.skipped, p.total].join(".");
}

/**
 * Watches a job until it ends: a `progress` event each time its state changes (first one at once,
 * unless the client already holds that state per `Last-Event-ID`), heartbeats while nothing
 * changes, and a final `done` event when it reaches succeeded, succeeded_with_errors, dead or cancelled. Ends early,
 * without another read, when the client disconnects. Another organization's job, or an unknown
 * one, is NOT_FOUND before anything is sent; a job that disappears mid-stream ends it.
 */
export async function* watchJobProgress(
  deps: JobProgressStreamDependencies,
  orgId: string,
  jobId: string,
  options: JobProgressStreamOptions,
): AsyncGenerator<JobStreamEvent> {
  const first = await deps.jobs.get(jobId);
  if (!first || first.orgId !== orgId) {
    throw new DomainError("NOT_FOUND", `No sync job ${jobId}`, { job_id: jobId });
  }
  let job: Job | null = first;
  let lastSent = options.lastEventId ?? null;
  let silentMs = 0;
  while (job && !options.signal.aborted) {
    const id = jobStateId(job);
    const view = viewJob(deps.seenBy ? deps.seenBy(job) : job, deps.clock.now());
    if (id !== lastSent) {
      yield { kind: "progress", id, job: view };
      lastSent = id;
      silentMs = 0;
    }
    if (TERMINAL.has(job.status)) {
      yield { kind: "done", id, job: view };
      return;
    }
    if (silentMs >= options.heartbeatMs) {
      yield { kind: "heartbeat" };
      silentMs = 0;
    }
    await deps.sleep(options.pollIntervalMs, options.signal);
    silentMs += options.pollIntervalMs;
    if (options.signal.aborted) return;
    const next: Job | null = await deps.jobs.get(jobId);
    job = next && next.orgId === orgId ? next : null;
  }
}

/** Real-time sleep that wakes early when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
