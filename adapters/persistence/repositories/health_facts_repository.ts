import type { Kysely, Selectable } from "kysely";
import type { FailingRecordGroup } from "../../../domain/health/health_facts.ts";
import type {
  HealthFactsReader,
  StoredCompanyHealthFacts,
  StoredHealthFacts,
} from "../../../domain/ports/health_facts_reader.ts";
import type { DatabaseSchema, QuickBooksConnectionsTable } from "../schema.ts";

const HOUR_MS = 3_600_000;
/** The job type of sync runs (src/sync/sync_jobs.ts SYNC_JOB). */
const SYNC_JOB = "sync.run";
const UNSYNCED = ["failed", "blocked", "invalid"] as const;

/**
 * The health facts of an organization in SQL: its connections, and per company the sync jobs,
 * the last finished push and its unsynced records, open reviews, the pull cursor, the webhook
 * inbox, the shared rate budget's last minute and the latest reconciliation; the organization's
 * failed automation runs. Read-only; each company's reads run together.
 */
export class SqlHealthFactsReader implements HealthFactsReader {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(database: { readonly db: Kysely<DatabaseSchema> }) {
    this.#db = database.db;
  }

  async read(
    orgId: string,
    now: Date,
    options: { readonly failedRunsSince: Date; readonly maxFailingPerCompany: number },
  ): Promise<StoredHealthFacts> {
    const connections = await this.#db.selectFrom("quickbooks_connections").selectAll()
      .where("org_id", "=", orgId).orderBy("connected_at").orderBy("realm_id").execute();
    const companies = await Promise.all(connections.map((c) => this.#company(c, now, options)));
    const failed = await this.#db.selectFrom("automation_runs")
      .select(["id", "workflow", "slot", "updated_at", "error_code"])
      .where("org_id", "=", orgId).where("status", "=", "failed")
      .where("updated_at", ">=", options.failedRunsSince.toISOString())
      .orderBy("updated_at", "desc").limit(100).execute();
    return {
      companies,
      failedAutomationRuns: failed.map((r) => ({
        workflow: r.workflow,
        runId: r.id,
        slot: r.slot,
        at: r.updated_at,
        errorCode: r.error_code,
      })),
    };
  }

  async #company(
    c: Selectable<QuickBooksConnectionsTable>,
    now: Date,
    options: { readonly maxFailingPerCompany: number },
  ): Promise<StoredCompanyHealthFacts> {
    const db = this.#db;
    const org = c.org_id;
    const realm = c.realm_id;
    const syncJobs = () =>
      db.selectFrom("job_queue").where("org_id", "=", org).where("realm_id", "=", realm)
        .where("job_type", "=", SYNC_JOB);
    const [active, lastPush, cursor, reviews, pending, recent, permits, report] = await Promise.all([
      syncJobs().select(["status", (eb) => eb.fn.countAll<number>().as("n")])
        .where("status", "in", ["queued", "running"]).groupBy("status").execute(),
      syncJobs().select(["id", "started_at", "finished_at"])
        .where("status", "in", ["succeeded", "succeeded_with_errors"])
        .where("payload", "not like", '%"direction":"pull"%')
        .orderBy("finished_at", "desc").limit(1).executeTakeFirst(),
      db.selectFrom("pull_cursors").select(["cursor_at", "updated_at"]).where("org_id", "=", org)
        .where("realm_id", "=", realm).executeTakeFirst(),
      db.selectFrom("review_items").select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", org)
        .where("realm_id", "=", realm).where("status", "=", "open").executeTakeFirst(),
      db.selectFrom("webhook_inbox")
        .select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.min("occurred_at").as("oldest")])
        .where("realm_id", "=", realm).where("status", "in", ["pending", "claimed"]).executeTakeFirst(),
      db.selectFrom("webhook_inbox").select(["occurred_at", "processed_at"]).where("realm_id", "=", realm)
        .where("status", "=", "processed").where(
          "processed_at",
          ">",
          new Date(now.getTime() - HOUR_MS).toISOString(),
        )
        .orderBy("processed_at", "desc").limit(1000).execute(),
      db.selectFrom("quickbooks_rate_permits").select((eb) => eb.fn.countAll<number>().as("n"))
        .where("realm_id", "=", realm).where("started_at_ms", ">", now.getTime() - 60_000).executeTakeFirst(),
      db.selectFrom("reconciliation_reports")
        .select([
          "id",
          "created_at",
          "score_by_count_bp",
          "score_by_amount_bp",
          "discrepancies_found",
          "resolved_at",
        ])
        .where("org_id", "=", org).where("realm_id", "=", realm)
        .orderBy("created_at", "desc").limit(1).executeTakeFirst(),
    ]);
    const pushedFrom = lastPush?.started_at ?? null;
    let backlog = db.selectFrom("record_mirror")
      .select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.min("updated_at").as("oldest")])
      .where("org_id", "=", org);
    backlog = pushedFrom === null
      ? backlog.where("deleted", "=", 0)
      : backlog.where("updated_at", ">", pushedFrom);
    const [unsynced, failing] = await Promise.all([
      backlog.executeTakeFirst(),
      lastPush
        ? db.selectFrom("sync_history")
          .select(["outcome", "error_code", "record_type", "record_id", "property_id", "message", "qbo_code"])
          .where("job_id", "=", lastPush.id).where("outcome", "in", [...UNSYNCED])
          .orderBy("recorded_at").orderBy("record_type").orderBy("record_id").limit(
            options.maxFailingPerCompany,
          ).execute()
        : Promise.resolve([]),
    ]);
    const count = (rows: readonly { status: string; n: number | string | bigint }[], status: string) =>
      Number(rows.find((r) => r.status === status)?.n ?? 0);
    const lags = recent.map((r) => Date.parse(r.processed_at!) - Date.parse(r.occurred_at));
    if (pending?.oldest) lags.push(now.getTime() - Date.parse(String(pending.oldest)));
    return {
      realmId: realm,
      companyName: c.company_name,
      connectionStatus: c.status as StoredCompanyHealthFacts["connectionStatus"],
      connectedAt: c.connected_at,
      connection: {
        accessTokenExpiresAt: c.access_token_expires_at,
        refreshTokenExpiresAt: c.refresh_token_expires_at,
        refreshTokenHardExpiresAt: c.refresh_token_hard_expires_at,
        lastRefreshedAt: c.tokens_refreshed_at,
        lastFailure: c.last_error_code && c.last_error_at
          ? { code: c.last_error_code, message: c.last_error_message ?? "", at: c.last_error_at }
          : null,
      },
      rateBudgetUsedLastMinute: Number(permits?.n ?? 0),
      sync: {
        lastPushAt: lastPush?.finished_at ?? null,
        lastPullAt: cursor?.updated_at ?? null,
        backlogRecords: Number(unsynced?.n ?? 0),
        oldestUnsyncedAt: unsynced?.oldest ? String(unsynced.oldest) : null,
        jobsQueued: count(active, "queued"),
        jobsRunning: count(active, "running"),
        lastPushJobId: lastPush?.id ?? null,
        failing: groupFailing(failing),
        openReviews: Number(reviews?.n ?? 0),
        cdcCursorAt: cursor?.cursor_at ?? null,
        webhookLagMs: lags.length === 0 ? null : Math.max(...lags),
        webhookEventsPending: Number(pending?.n ?? 0),
      },
      dataQuality: {
        latest: report
          ? {
            reportId: report.id,
            createdAt: report.created_at,
            byCount: Number(report.score_by_count_bp) / 100,
            byAmount: Number(report.score_by_amount_bp) / 100,
            unresolvedDiscrepancies: report.resolved_at === null ? Number(report.discrepancies_found) : 0,
          }
          : null,
      },
    };
  }
}

/** Unsynced records by outcome and error code, each group with its first record as the example. */
function groupFailing(
  rows: readonly {
    outcome: string;
    error_code: string | null;
    record_type: string;
    record_id: string;
    property_id: string | null;
    message: string | null;
    qbo_code: string | null;
  }[],
): FailingRecordGroup[] {
  const groups = new Map<string, FailingRecordGroup>();
  for (const row of rows) {
    // A blocked record has no error of its own: it waits for a reference (BLOCKED).
    const code = row.error_code ?? (row.outcome === "blocked" ? "BLOCKED" : "UNKNOWN");
    const key = `${row.outcome}:${code}`;
    const group = groups.get(key);
    if (group) {
      groups.set(key, { ...group, count: group.count + 1 });
      continue;
    }
    groups.set(key, {
      errorCode: code,
      outcome: row.outcome as FailingRecordGroup["outcome"],
      count: 1,
      example: {
        recordType: row.record_type,
        recordId: row.record_id,
        propertyId: row.property_id,
        message: row.message,
        qboCode: row.qbo_code,
      },
    });
  }
  return [...groups.values()];
}
