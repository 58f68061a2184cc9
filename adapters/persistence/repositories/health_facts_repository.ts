import { type Kysely, type Selectable, sql } from "kysely";
import type { FailingRecordGroup } from "../../../domain/health/health_facts.ts";
import type {
  HealthFactsReader,
  StoredCompanyHealthFacts,
  StoredHealthFacts,
} from "../../../domain/ports/health_facts_reader.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema, QuickBooksConnectionsTable } from "../schema.ts";

const HOUR_MS = 3_600_000;
/** The job type of sync runs (src/sync/sync_jobs.ts SYNC_JOB). */
const SYNC_JOB = "sync.run";
const FINISHED = ["succeeded", "succeeded_with_errors"] as const;
const NOT_PULL = '%"direction":"pull"%';
const UNSYNCED = ["failed", "blocked", "invalid"] as const;

type Count = number | string | bigint;
const num = (value: Count | null | undefined) => Number(value ?? 0);
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
const byRealm = <T extends { realm_id: string | null }>(rows: readonly T[]) => {
  const map = new Map<string, T>();
  for (const row of rows) if (row.realm_id !== null && !map.has(row.realm_id)) map.set(row.realm_id, row);
  return map;
};

/**
 * The health facts of an organization in SQL, in a fixed number of statements whatever the number
 * of its companies: its connections; per company (grouped by realm) the sync jobs queued and
 * running, the last finished push and its unsynced records, changed records since that push, open
 * reviews, the pull cursor, the webhook inbox (waiting events, and the longest lag of the last
 * hour, computed by the database), the shared rate budget's last minute and the latest
 * reconciliation; and the organization's failed automation runs. Read-only.
 */
export class SqlHealthFactsReader implements HealthFactsReader {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async read(
    orgId: string,
    now: Date,
    options: { readonly failedRunsSince: Date; readonly maxFailingPerCompany: number },
  ): Promise<StoredHealthFacts> {
    const db = this.#db;
    const [connections, failed, endpoints] = await Promise.all([
      db.selectFrom("quickbooks_connections").selectAll().where("org_id", "=", orgId)
        .orderBy("connected_at").orderBy("realm_id").execute(),
      db.selectFrom("automation_runs").select(["id", "workflow", "slot", "updated_at", "error_code"])
        .where("org_id", "=", orgId).where("status", "=", "failed")
        .where("updated_at", ">=", options.failedRunsSince.toISOString())
        .orderBy("updated_at", "desc").limit(100).execute(),
      db.selectFrom("webhook_endpoints").select([
        "id",
        "url",
        "enabled",
        "disabled_reason",
        "failing_since",
        "updated_at",
      ])
        .where("org_id", "=", orgId).orderBy("created_at").orderBy("id").execute(),
    ]);
    const webhookEndpoints = endpoints.map((e) => ({
      id: e.id,
      url: e.url,
      enabled: Number(e.enabled) === 1,
      disabledReason: e.disabled_reason,
      failingSince: e.failing_since,
      updatedAt: e.updated_at,
    }));
    const failedAutomationRuns = failed.map((r) => ({
      workflow: r.workflow,
      runId: r.id,
      slot: r.slot,
      at: r.updated_at,
      errorCode: r.error_code,
    }));
    if (connections.length === 0) return { companies: [], failedAutomationRuns, webhookEndpoints };
    const realms = connections.map((c) => c.realm_id);
    const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
    const [active, pushes, cursors, reviews, pending, lags, permits, reports] = await Promise.all([
      db.selectFrom("job_queue").select(["realm_id", "status", (eb) => eb.fn.countAll<Count>().as("n")])
        .where("org_id", "=", orgId).where("job_type", "=", SYNC_JOB).where("realm_id", "in", realms)
        .where("status", "in", ["queued", "running"]).groupBy(["realm_id", "status"]).execute(),
      db.selectFrom("job_queue as j").select(["j.id", "j.realm_id", "j.started_at", "j.finished_at"])
        .where("j.org_id", "=", orgId).where("j.job_type", "=", SYNC_JOB).where("j.realm_id", "in", realms)
        .where("j.status", "in", [...FINISHED]).where("j.payload", "not like", NOT_PULL)
        .where(
          "j.finished_at",
          "=",
          (eb) =>
            eb.selectFrom("job_queue as k").select((k) => k.fn.max("k.finished_at").as("latest"))
              .whereRef("k.org_id", "=", "j.org_id").whereRef("k.realm_id", "=", "j.realm_id")
              .where("k.job_type", "=", SYNC_JOB).where("k.status", "in", [...FINISHED])
              .where("k.payload", "not like", NOT_PULL),
        )
        .orderBy("j.id").execute(),
      db.selectFrom("pull_cursors").select(["realm_id", "cursor_at", "updated_at"]).where(
        "org_id",
        "=",
        orgId,
      )
        .where("realm_id", "in", realms).execute(),
      db.selectFrom("review_items").select(["realm_id", (eb) => eb.fn.countAll<Count>().as("n")])
        .where("org_id", "=", orgId).where("realm_id", "in", realms).where("status", "=", "open")
        .groupBy("realm_id").execute(),
      db.selectFrom("webhook_inbox")
        .select([
          "realm_id",
          (eb) => eb.fn.countAll<Count>().as("n"),
          (eb) => eb.fn.min("occurred_at").as("oldest"),
        ])
        .where("realm_id", "in", realms).where("status", "in", ["pending", "claimed"]).groupBy("realm_id")
        .execute(),
      db.selectFrom("webhook_inbox").select(["realm_id", sql<Count>`max(${this.#millisBetween()})`.as("lag")])
        .where("realm_id", "in", realms).where("status", "=", "processed").where("processed_at", ">", hourAgo)
        .groupBy("realm_id").execute(),
      db.selectFrom("quickbooks_rate_permits").select(["realm_id", (eb) => eb.fn.countAll<Count>().as("n")])
        .where("realm_id", "in", realms).where("started_at_ms", ">", now.getTime() - 60_000).groupBy(
          "realm_id",
        )
        .execute(),
      db.selectFrom("reconciliation_reports as r")
        .select(["r.id", "r.realm_id", "r.created_at", "r.score_by_count_bp", "r.score_by_amount_bp"])
        .select(["r.discrepancies_found", "r.resolved_at"])
        .where("r.org_id", "=", orgId).where("r.realm_id", "in", realms)
        .where(
          "r.created_at",
          "=",
          (eb) =>
            eb.selectFrom("reconciliation_reports as s").select((s) => s.fn.max("s.created_at").as("latest"))
              .whereRef("s.org_id", "=", "r.org_id").whereRef("s.realm_id", "=", "r.realm_id"),
        )
        .orderBy("r.id").execute(),
    ]);
    const lastPush = byRealm(pushes);
    const [backlog, failing] = await Promise.all([
      this.#backlog(orgId, realms.map((realm) => lastPush.get(realm)?.started_at ?? null)),
      this.#failing([...lastPush.values()].map((p) => p.id), options.maxFailingPerCompany),
    ]);
    const count = (realm: string, status: string) =>
      num(active.find((r) => r.realm_id === realm && r.status === status)?.n);
    const cursor = byRealm(cursors);
    const review = byRealm(reviews);
    const waiting = new Map(pending.map((p) => [p.realm_id, p]));
    const lag = new Map(lags.map((l) => [l.realm_id, l.lag]));
    const permit = new Map(permits.map((p) => [p.realm_id, p.n]));
    const report = byRealm(reports);
    const companies = connections.map((c, i): StoredCompanyHealthFacts => {
      const realm = c.realm_id;
      const push = lastPush.get(realm);
      const inbox = waiting.get(realm);
      const lags = [
        ...(lag.get(realm) === undefined || lag.get(realm) === null ? [] : [Math.round(num(lag.get(realm)))]),
        ...(inbox?.oldest ? [now.getTime() - Date.parse(String(inbox.oldest))] : []),
      ];
      const latest = report.get(realm);
      return {
        ...connectionFacts(c),
        rateBudgetUsedLastMinute: num(permit.get(realm)),
        sync: {
          lastPushAt: push?.finished_at ?? null,
          lastPullAt: cursor.get(realm)?.updated_at ?? null,
          backlogRecords: backlog[i].count,
          oldestUnsyncedAt: backlog[i].oldest,
          jobsQueued: count(realm, "queued"),
          jobsRunning: count(realm, "running"),
          lastPushJobId: push?.id ?? null,
          failing: push ? groupFailing(failing.filter((f) => f.job_id === push.id)) : [],
          openReviews: num(review.get(realm)?.n),
          cdcCursorAt: cursor.get(realm)?.cursor_at ?? null,
          webhookLagMs: lags.length === 0 ? null : Math.max(...lags),
          webhookEventsPending: num(inbox?.n),
        },
        dataQuality: {
          latest: latest
            ? {
              reportId: latest.id,
              createdAt: latest.created_at,
              byCount: num(latest.score_by_count_bp) / 100,
              byAmount: num(latest.score_by_amount_bp) / 100,
              unresolvedDiscrepancies: latest.resolved_at === null ? num(latest.discrepancies_found) : 0,
            }
            : null,
        },
      };
    });
    return { companies, failedAutomationRuns, webhookEndpoints };
  }

  /** Milliseconds from QuickBooks' event (`occurred_at`) to our processing (`processed_at`), in SQL. */
  #millisBetween() {
    return this.#dialect === "postgres"
      ? sql`extract(epoch from (processed_at::timestamptz - occurred_at::timestamptz)) * 1000`
      : sql`(julianday(processed_at) - julianday(occurred_at)) * 86400000.0`;
  }

  /**
   * Per company, the organization's mirror records changed after the company's last push started
   * (every live record when it has none), and the oldest such change: one statement, a pair of
   * columns per distinct starting point.
   */
  async #backlog(
    orgId: string,
    pushedFrom: readonly (string | null)[],
  ): Promise<{ count: number; oldest: string | null }[]> {
    const points = [...new Set(pushedFrom)];
    const condition = (from: string | null) => (from === null ? sql`deleted = 0` : sql`updated_at > ${from}`);
    const columns = points.map((from, i) =>
      sql.join([
        sql`sum(case when ${condition(from)} then 1 else 0 end) as ${sql.ref(`n${i}`)}`,
        sql`min(case when ${condition(from)} then updated_at end) as ${sql.ref(`o${i}`)}`,
      ])
    );
    const row =
      (await sql<Record<string, unknown>>`select ${
        sql.join(columns)
      } from record_mirror where org_id = ${orgId}`
        .execute(this.#db)).rows[0] ?? {};
    return pushedFrom.map((from) => {
      const i = points.indexOf(from);
      return { count: num(row[`n${i}`] as Count | null), oldest: text(row[`o${i}`]) };
    });
  }

  /** The unsynced records of these pushes, at most `max` per push, in a stable order. */
  async #failing(jobIds: readonly string[], max: number) {
    if (jobIds.length === 0) return [];
    const ranked = this.#db.selectFrom("sync_history")
      .select([
        "job_id",
        "outcome",
        "error_code",
        "record_type",
        "record_id",
        "property_id",
        "message",
        "qbo_code",
      ])
      .select(
        sql<Count>`row_number() over (partition by job_id order by recorded_at, record_type, record_id)`.as(
          "rn",
        ),
      )
      .where("job_id", "in", jobIds).where("outcome", "in", [...UNSYNCED]);
    return await this.#db.selectFrom(ranked.as("ranked")).selectAll().where("rn", "<=", max)
      .orderBy("job_id").orderBy("rn").execute();
  }
}

function connectionFacts(c: Selectable<QuickBooksConnectionsTable>) {
  return {
    realmId: c.realm_id,
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
  };
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
