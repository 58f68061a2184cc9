import type { Kysely, Selectable } from "kysely";
import type { Ids } from "../../../domain/ports/ids.ts";
import {
  type ClaimOptions,
  type CompletedJobStatus,
  type Job,
  type JobFailure,
  type JobProgress,
  type JobQueue,
  type JobQueueDepth,
  type JobStatus,
  MAX_INTERRUPTIONS,
  type NewJob,
} from "../../../domain/ports/job_queue.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema, JobQueueTable } from "../schema.ts";
import { retryWhileBusy } from "../serialized_writes.ts";
import { isUniqueViolation } from "../sql_errors.ts";

/** Exponential retry delay: base * 2^(attempt-1), capped. Deterministic so tests can predict it. */
export interface RetryBackoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY_BACKOFF: RetryBackoff = { baseMs: 30_000, maxMs: 3_600_000 };
const DEFAULT_MAX_ATTEMPTS = 5;
/** Claimers racing for the same due job retry with the next one at most this often per call. */
const CLAIM_RACE_RETRIES = 8;

/** The delay before retry number `attempt` (1 = after the first failed attempt). */
export function retryDelayMs(attempt: number, backoff: RetryBackoff): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
}

function toJob(row: Selectable<JobQueueTable>): Job {
  return {
    id: row.id,
    orgId: row.org_id,
    realmId: row.realm_id,
    jobType: row.job_type,
    payload: JSON.parse(row.payload),
    status: row.status as JobStatus,
    dedupeKey: row.dedupe_key,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    interruptions: Number(row.interruptions),
    runAfter: row.run_after,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    progress: {
      total: Number(row.progress_total),
      done: Number(row.progress_done),
      failed: Number(row.progress_failed),
      skipped: Number(row.progress_skipped),
      detail: JSON.parse(row.progress_detail),
    },
    result: row.result === null ? null : JSON.parse(row.result),
    lastErrorCode: row.last_error_code,
    lastErrorMessage: row.last_error_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * The job queue in SQL. Claiming is a conditional UPDATE on the job's current status and lease
 * (compare-and-set), so of several processes racing for a job exactly one row update succeeds;
 * the losers move on to the next due job. All instants are ISO-8601 UTC text, which sorts in time
 * order, so "due" and "expired" are plain string comparisons in both engines.
 */
export class SqlJobQueue implements JobQueue {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #ids: Ids;
  readonly #backoff: RetryBackoff;
  readonly #dialect: SqlDialect;

  constructor(
    database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect },
    ids: Ids,
    backoff: RetryBackoff = DEFAULT_RETRY_BACKOFF,
  ) {
    this.#db = database.db;
    this.#ids = ids;
    this.#backoff = backoff;
    this.#dialect = database.dialect;
  }

  async enqueue(job: NewJob, now: string): Promise<{ job: Job; created: boolean }> {
    const row: Selectable<JobQueueTable> = {
      id: this.#ids.newId(),
      org_id: job.orgId,
      realm_id: job.realmId,
      job_type: job.jobType,
      payload: JSON.stringify(job.payload),
      status: "queued",
      dedupe_key: job.dedupeKey ?? null,
      attempts: 0,
      max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      interruptions: 0,
      // Instants are compared as text: store every one in the same toISOString() form.
      run_after: new Date(job.runAfter ?? now).toISOString(),
      lease_owner: null,
      lease_until: null,
      progress_total: 0,
      progress_done: 0,
      progress_failed: 0,
      progress_skipped: 0,
      progress_detail: "{}",
      result: null,
      last_error_code: null,
      last_error_message: null,
      created_at: now,
      updated_at: now,
      started_at: null,
      finished_at: null,
    };
    try {
      await this.#retry(() => this.#db.insertInto("job_queue").values(row).execute());
      return { job: toJob(row), created: true };
    } catch (error) {
      if (!job.dedupeKey || !isUniqueViolation(error)) throw error;
      const live = await this.#db.selectFrom("job_queue").selectAll().where("org_id", "=", job.orgId)
        .where("dedupe_key", "=", job.dedupeKey).where("status", "in", ["queued", "running"])
        .executeTakeFirst();
      // The live job finished between our insert and this read: enqueue again.
      if (!live) return this.enqueue(job, now);
      return { job: toJob(live), created: false };
    }
  }

  async claim(
    workerId: string,
    leaseMs: number,
    now: string,
    options: ClaimOptions = {},
  ): Promise<Job | null> {
    if (options.jobTypes && options.jobTypes.length === 0) return null;
    const leaseUntil = plus(now, leaseMs);
    for (let round = 0; round < CLAIM_RACE_RETRIES; round++) {
      let query = this.#db.selectFrom("job_queue").selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "queued"), eb("run_after", "<=", now)]),
            eb.and([eb("status", "=", "running"), eb("lease_until", "<=", now)]),
          ])
        );
      if (options.jobTypes) query = query.where("job_type", "in", [...options.jobTypes]);
      const candidates = await this.#retry(() =>
        query.orderBy("run_after").orderBy("created_at").orderBy("id").limit(4)
          .execute()
      );
      if (candidates.length === 0) return null;
      for (const c of candidates) {
        // A running candidate's lease expired: its run was interrupted (crash or lost lease) and is
        // taken over under the same attempt; only a job that keeps getting interrupted is buried.
        const takeover = c.status === "running";
        const exhausted = takeover && Number(c.interruptions) + 1 >= MAX_INTERRUPTIONS;
        const claimed = {
          status: "running",
          lease_owner: workerId,
          lease_until: leaseUntil,
          attempts: takeover ? Number(c.attempts) : Number(c.attempts) + 1,
          interruptions: takeover ? Number(c.interruptions) + 1 : Number(c.interruptions),
          updated_at: now,
          started_at: c.started_at ?? now,
        };
        const result = await this.#retry(() =>
          this.#db.updateTable("job_queue")
            .set(
              exhausted
                ? {
                  status: "dead",
                  lease_owner: null,
                  lease_until: null,
                  interruptions: Number(c.interruptions) + 1,
                  last_error_code: "LEASE_EXPIRED",
                  last_error_message: `The job's runs were cut short ${
                    Number(c.interruptions) + 1
                  } times (its worker stopped or lost the lease, last ${c.lease_owner}); it may be what stops them`,
                  updated_at: now,
                  finished_at: now,
                }
                : claimed,
            )
            .where("id", "=", c.id).where("status", "=", c.status).where("attempts", "=", c.attempts)
            .where("interruptions", "=", c.interruptions)
            .where((eb) =>
              c.lease_until === null ? eb("lease_until", "is", null) : eb("lease_until", "=", c.lease_until)
            )
            .executeTakeFirst()
        );
        if (Number(result.numUpdatedRows) !== 1 || exhausted) continue;
        return toJob({ ...c, ...claimed });
      }
    }
    return null;
  }

  async releaseLeasesOf(workerId: string, now: string): Promise<number> {
    const result = await this.#retry(() =>
      this.#db.updateTable("job_queue")
        .set({ lease_until: now, updated_at: now })
        .where("status", "=", "running").where("lease_owner", "=", workerId)
        .where("lease_until", ">", now)
        .executeTakeFirst()
    );
    return Number(result.numUpdatedRows);
  }

  async heartbeat(jobId: string, workerId: string, leaseMs: number, now: string): Promise<boolean> {
    const result = await this.#retry(() =>
      this.#held(jobId, workerId)
        .set({ lease_until: plus(now, leaseMs), updated_at: now }).executeTakeFirst()
    );
    return Number(result.numUpdatedRows) === 1;
  }

  async updateProgress(
    jobId: string,
    workerId: string,
    progress: JobProgress,
    now: string,
  ): Promise<boolean> {
    const result = await this.#retry(() =>
      this.#held(jobId, workerId).set(progressColumns(progress, now)).executeTakeFirst()
    );
    return Number(result.numUpdatedRows) === 1;
  }

  async complete(
    jobId: string,
    workerId: string,
    result: Readonly<Record<string, unknown>>,
    now: string,
    status: CompletedJobStatus = "succeeded",
  ) {
    const updated = await this.#retry(() =>
      this.#held(jobId, workerId).set({
        status,
        result: JSON.stringify(result),
        lease_owner: null,
        lease_until: null,
        updated_at: now,
        finished_at: now,
      }).executeTakeFirst()
    );
    return Number(updated.numUpdatedRows) === 1;
  }

  async fail(jobId: string, workerId: string, failure: JobFailure, now: string): Promise<Job | null> {
    const row = await this.#db.selectFrom("job_queue").selectAll().where("id", "=", jobId)
      .where("status", "=", "running").where("lease_owner", "=", workerId).executeTakeFirst();
    if (!row) return null;
    const attempts = Number(row.attempts);
    const retry = failure.retryable !== false && attempts < Number(row.max_attempts);
    const deferred = failure.deferUntil !== undefined && failure.deferUntil > now;
    const changes = deferred
      // The next claim counts the same attempt again: this run spent none.
      ? {
        status: "queued",
        run_after: failure.deferUntil!,
        finished_at: null,
        attempts: Math.max(0, attempts - 1),
      }
      : retry
      ? { status: "queued", run_after: plus(now, retryDelayMs(attempts, this.#backoff)), finished_at: null }
      : { status: "dead", finished_at: now };
    const updated = await this.#retry(() =>
      this.#held(jobId, workerId).where("attempts", "=", attempts).set({
        ...changes,
        lease_owner: null,
        lease_until: null,
        last_error_code: failure.code,
        last_error_message: failure.message,
        updated_at: now,
      }).executeTakeFirst()
    );
    if (Number(updated.numUpdatedRows) !== 1) return null;
    return this.get(jobId);
  }

  async cancel(orgId: string, jobId: string, now: string): Promise<boolean> {
    const result = await this.#retry(() =>
      this.#db.updateTable("job_queue").set({
        status: "cancelled",
        lease_owner: null,
        lease_until: null,
        updated_at: now,
        finished_at: now,
      }).where("id", "=", jobId).where("org_id", "=", orgId).where("status", "in", ["queued", "running"])
        .executeTakeFirst()
    );
    return Number(result.numUpdatedRows) === 1;
  }

  async get(jobId: string): Promise<Job | null> {
    const row = await this.#db.selectFrom("job_queue").selectAll().where("id", "=", jobId).executeTakeFirst();
    return row ? toJob(row) : null;
  }

  async listByOrg(
    orgId: string,
    options: { readonly limit: number; readonly status?: JobStatus; readonly jobType?: string },
  ): Promise<Job[]> {
    let query = this.#db.selectFrom("job_queue").selectAll().where("org_id", "=", orgId);
    if (options.status) query = query.where("status", "=", options.status);
    if (options.jobType) query = query.where("job_type", "=", options.jobType);
    const rows = await this.#retry(() =>
      query.orderBy("created_at", "desc").orderBy("id", "desc").limit(options.limit)
        .execute()
    );
    return rows.map(toJob);
  }

  async depth(): Promise<JobQueueDepth[]> {
    const rows = await this.#retry(() =>
      this.#db.selectFrom("job_queue")
        .select(["job_type", "status", (eb) => eb.fn.countAll().as("count")])
        .where("status", "in", ["queued", "running"])
        .groupBy(["job_type", "status"])
        .orderBy("job_type").orderBy("status")
        .execute()
    );
    return rows.map((row) => ({
      jobType: row.job_type,
      status: row.status as "queued" | "running",
      count: Number(row.count),
    }));
  }

  /** Runs one statement, retrying while another SQLite writer holds the lock. */
  #retry<T>(statement: () => Promise<T>): Promise<T> {
    return retryWhileBusy(this.#dialect, statement);
  }

  /** An UPDATE of a job that only matches while `workerId` holds its lease. */
  #held(jobId: string, workerId: string) {
    return this.#db.updateTable("job_queue").where("id", "=", jobId).where("status", "=", "running")
      .where("lease_owner", "=", workerId);
  }
}

/** The job columns a progress report writes (shared with the link repository's batch commit). */
export function progressColumns(progress: JobProgress, now: string) {
  return {
    progress_total: progress.total,
    progress_done: progress.done,
    progress_failed: progress.failed,
    progress_skipped: progress.skipped,
    progress_detail: JSON.stringify(progress.detail),
    updated_at: now,
  };
}
