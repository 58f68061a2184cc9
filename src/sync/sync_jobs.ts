import { TRACE_PARENT_KEY, type Tracer } from "../../domain/ports/tracing.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Job, JobQueue, JobStatus } from "../../domain/ports/job_queue.ts";
import { type PushSelection, PushSelectionSchema } from "../../domain/sync_engine/push_selection.ts";
import { fingerprint } from "../../domain/sync/fingerprint.ts";
import type { JobHandler } from "../worker/job_worker.ts";
import { pullChanges, type PullDependencies } from "./pull_changes.ts";
import { type PushDependencies, pushPortfolio } from "./push_portfolio.ts";
import {
  refreshCompanyProfile,
  type RefreshCompanyProfileDependencies,
} from "../connections/refresh_company_profile.ts";

/** One job type for every direction; the payload says which. */
export const SYNC_JOB = "sync.run";
export type SyncDirection = "push" | "pull" | "both";

/** A job as the API shows it, with rate and ETA derived from its progress. */
export interface SyncJobView {
  readonly id: string;
  readonly type: string;
  readonly status: JobStatus;
  readonly realm_id: string | null;
  readonly progress: {
    readonly total: number;
    readonly done: number;
    readonly failed: number;
    readonly skipped: number;
    readonly rate_per_second: number | null;
    readonly eta_seconds: number | null;
  };
  readonly attempts: number;
  readonly interruptions: number;
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}

/** Progress figures of a job at `now`: items per second since it started, and the time left at that pace. */
export function viewJob(job: Job, now: Date): SyncJobView {
  const p = job.progress;
  const elapsed = job.startedAt
    ? ((job.finishedAt ? Date.parse(job.finishedAt) : now.getTime()) - Date.parse(job.startedAt)) / 1000
    : 0;
  const rate = elapsed > 0 && p.done > 0 ? p.done / elapsed : null;
  const left = Math.max(0, p.total - p.done - p.failed - p.skipped);
  return {
    id: job.id,
    type: job.jobType,
    status: job.status,
    realm_id: job.realmId,
    progress: {
      total: p.total,
      done: p.done,
      failed: p.failed,
      skipped: p.skipped,
      rate_per_second: rate === null ? null : Math.round(rate * 100) / 100,
      eta_seconds: job.status === "running" && rate
        ? Math.ceil(left / rate)
        : job.status === "succeeded" || job.status === "succeeded_with_errors"
        ? 0
        : null,
    },
    attempts: job.attempts,
    interruptions: job.interruptions,
    result: job.result,
    error: job.lastErrorCode ? { code: job.lastErrorCode, message: job.lastErrorMessage ?? "" } : null,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
  };
}

/**
 * Queues a sync of the organization with a connected company (the given realm or the default
 * one): `push` sends EstateCore's records, `pull` brings QBO-side changes back, `both` pulls first
 * (so edits made in QBO are merged before anything is written) and then pushes. While a sync of
 * the same company and direction is queued or running, asking again returns it.
 */
export async function enqueueSync(
  deps: {
    jobs: JobQueue;
    connections: Pick<ConnectionRepository, "get" | "getDefault">;
    clock: Clock;
    /** The trace of the call queueing the sync, carried in the payload for the run to continue. */
    tracer?: Pick<Tracer, "traceParent">;
  },
  orgId: string,
  realmId: string | undefined,
  direction: SyncDirection,
  /** A selective push: only these records (the dedupe key includes them, so a different selection queues its own job). */
  push?: { readonly selection: PushSelection; readonly force: boolean },
): Promise<{ job: Job; created: boolean }> {
  const connection = realmId
    ? await deps.connections.get(orgId, realmId)
    : await deps.connections.getDefault(orgId);
  if (!connection) {
    throw new DomainError("NOT_FOUND", "No QuickBooks company is connected for this organization", {
      realm_id: realmId ?? null,
    });
  }
  if (connection.status !== "connected") {
    throw new DomainError("QB002", "The QuickBooks connection needs re-authorization before syncing", {
      realm_id: connection.realmId,
      status: connection.status,
    });
  }
  const traceParent = deps.tracer?.traceParent() ?? null;
  const traced = traceParent === null ? {} : { [TRACE_PARENT_KEY]: traceParent };
  return await deps.jobs.enqueue({
    jobType: SYNC_JOB,
    orgId,
    realmId: connection.realmId,
    payload: push
      ? { direction: "push", selection: push.selection, force: push.force, ...traced }
      : { direction, ...traced },
    dedupeKey: push
      ? `${SYNC_JOB}:${orgId}:${connection.realmId}:push:${fingerprint({ ...push })}`
      : `${SYNC_JOB}:${orgId}:${connection.realmId}:${direction}`,
    maxAttempts: 5,
  }, deps.clock.now().toISOString());
}

/** What a sync job needs: the pull, the push, and the company's preferences re-read before them. */
export type SyncJobDependencies = PushDependencies & PullDependencies & RefreshCompanyProfileDependencies;

/**
 * The worker's handler for sync jobs. Every run first re-reads the company's preferences (a company
 * can turn Class or Location tracking off at any time), so the push maps with what the company
 * supports now and refuses tracking it has turned off (TRACKING_NOT_SUPPORTED).
 */
export function syncJobHandler(deps: SyncJobDependencies): JobHandler {
  return async (job, context) => {
    if (!job.realmId) {
      throw new DomainError("VALIDATION_FAILED", "A sync job needs a realm", { job_id: job.id });
    }
    const target = { orgId: job.orgId, realmId: job.realmId };
    const direction = (job.payload.direction ?? "push") as SyncDirection;
    await refreshCompanyProfile(deps, target, { actor: `worker:${context.workerId}`, requestId: null });
    const pull = direction === "push" ? null : { ...await pullChanges(deps, target) };
    if (direction === "pull") return { direction, pull, push: null };
    // A selective push (POST /sync/entity, record re-sync) carries its selection in the payload.
    const only = job.payload.selection === undefined
      ? undefined
      : PushSelectionSchema.parse(job.payload.selection);
    const report = await pushPortfolio(deps, target, {
      only,
      force: job.payload.force === true,
      job: { jobId: job.id, workerId: context.workerId },
      onProgress: async (progress) => {
        await context.progress(progress);
      },
    });
    const push = {
      rounds: report.rounds,
      writes: report.writes,
      created: report.created,
      updated: report.updated,
      removed: report.removed,
      adopted: report.adopted,
      write_calls: report.writeCalls,
      // One failure count: progress.failed, this list's length and the history's failed + invalid entries.
      failed: report.failedRecords,
      blocked: report.blocked.length,
      errors: report.errors,
    };
    return { direction, pull, push };
  };
}
