import { DomainError } from "../../domain/errors.ts";
import type { Job, JobQueue } from "../../domain/ports/job_queue.ts";
import type { SyncHistory, SyncHistoryEntry, SyncOutcome } from "../../domain/ports/sync_history.ts";
import { type Caller, requireRole } from "../../domain/access/authorize.ts";
import { SYNC_JOB } from "./sync_jobs.ts";

/** How many recent runs the history shows when no job is named. */
export const HISTORY_RUNS_SHOWN = 20;

/** What a push job's result says, in the API's terms. */
export interface RunSummary {
  readonly created: number;
  readonly updated: number;
  readonly removed: number;
  readonly adopted: number;
  readonly failed: number;
  readonly blocked: number;
  readonly invalid: number;
  readonly write_calls: number;
}

export interface RunView {
  readonly job_id: string;
  readonly realm_id: string | null;
  readonly status: string;
  readonly direction: string;
  /**
   * The selection of a selective push (POST /sync/entity, re-sync of a record); null for a full
   * sync and for property-scoped callers (it may name other properties' records).
   */
  readonly selection: Readonly<Record<string, unknown>> | null;
  readonly force: boolean;
  /** Organization-wide counts: null for property-scoped callers, and until the push finished. */
  readonly summary: RunSummary | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}

export interface EntryView {
  readonly id: string;
  readonly job_id: string;
  readonly realm_id: string;
  readonly outcome: SyncOutcome;
  readonly record_type: string;
  readonly record_id: string;
  readonly property_id: string | null;
  readonly entity_type: string | null;
  readonly sync_record_id: string | null;
  readonly qbo_id: string | null;
  readonly error:
    | { readonly code: string | null; readonly qbo_code: string | null; readonly message: string }
    | null;
  readonly recorded_at: string;
}

export interface SyncHistoryView {
  readonly runs: RunView[];
  readonly entries: EntryView[];
  readonly next_cursor: string | null;
}

export interface SyncHistoryQueryInput {
  readonly jobId?: string;
  readonly recordType?: string;
  readonly recordId?: string;
  readonly outcomes?: readonly SyncOutcome[];
  readonly cursor?: string;
  readonly limit: number;
}

const count = (value: unknown) => Array.isArray(value) ? value.length : typeof value === "number" ? value : 0;

function summaryOf(job: Job): RunSummary | null {
  const push = job.result?.push as Record<string, unknown> | null | undefined;
  if (!push) return null;
  // The push's failed list holds one entry per record, refused (`failed`) or unmappable (`invalid`),
  // as the history entries count them; a job stored before it had outcomes listed only refused writes.
  const failedList = Array.isArray(push.failed) ? push.failed as { outcome?: string }[] : [];
  const listsOutcomes = failedList.some((f) => f.outcome !== undefined);
  return {
    created: count(push.created),
    updated: count(push.updated),
    removed: count(push.removed),
    adopted: count(push.adopted),
    failed: listsOutcomes ? failedList.filter((f) => f.outcome === "failed").length : failedList.length,
    blocked: count(push.blocked),
    invalid: listsOutcomes ? failedList.filter((f) => f.outcome === "invalid").length : count(push.errors),
    write_calls: count(push.write_calls),
  };
}

function viewRun(job: Job, scoped: boolean): RunView {
  return {
    job_id: job.id,
    realm_id: job.realmId,
    status: job.status,
    direction: String(job.payload.direction ?? "push"),
    selection: scoped ? null : (job.payload.selection as Record<string, unknown> | undefined) ?? null,
    force: job.payload.force === true,
    summary: scoped ? null : summaryOf(job),
    error: job.lastErrorCode ? { code: job.lastErrorCode, message: job.lastErrorMessage ?? "" } : null,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
  };
}

function viewEntry(e: SyncHistoryEntry): EntryView {
  return {
    id: e.id,
    job_id: e.jobId,
    realm_id: e.realmId,
    outcome: e.outcome,
    record_type: e.recordType,
    record_id: e.recordId,
    property_id: e.propertyId,
    entity_type: e.entityType,
    sync_record_id: e.syncRecordId,
    qbo_id: e.qboId,
    error: e.message === null && e.errorCode === null
      ? null
      : { code: e.errorCode, qbo_code: e.qboCode, message: e.message ?? "" },
    recorded_at: e.recordedAt,
  };
}

/**
 * The sync history of an organization: recent runs (sync jobs with their summary) and per-record
 * entries newest first, filtered by job, record and outcome, in cursor pages. A property-scoped
 * caller sees only entries of its properties (and organization-wide ones such as vendors and
 * items), and runs without their organization-wide counts and selections.
 */
export async function viewSyncHistory(
  deps: { readonly history: SyncHistory; readonly jobs: JobQueue },
  caller: Caller,
  query: SyncHistoryQueryInput,
): Promise<SyncHistoryView> {
  requireRole(caller, "sync:read");
  const scoped = caller.propertyIds !== undefined;
  let runs: Job[];
  if (query.jobId !== undefined) {
    const job = await deps.jobs.get(query.jobId);
    if (!job || job.orgId !== caller.orgId || job.jobType !== SYNC_JOB) {
      throw new DomainError("NOT_FOUND", `No sync job ${query.jobId}`, { job_id: query.jobId });
    }
    runs = [job];
  } else {
    runs = await deps.jobs.listByOrg(caller.orgId, { limit: HISTORY_RUNS_SHOWN, jobType: SYNC_JOB });
  }
  const page = await deps.history.list(caller.orgId, {
    jobId: query.jobId,
    recordType: query.recordType,
    recordId: query.recordId,
    outcomes: query.outcomes,
    cursor: query.cursor,
    limit: query.limit,
    ...(scoped ? { propertyIds: caller.propertyIds } : {}),
  });
  return {
    runs: runs.map((job) => viewRun(job, scoped)),
    entries: page.entries.map(viewEntry),
    next_cursor: page.nextCursor,
  };
}
