import type { CompanyHealthFacts, FailingRecordGroup, OrganizationHealthFacts } from "./health_facts.ts";
import type { HealthComponent, IssueSeverity } from "./health_status.ts";
import type { HealthThresholds } from "./health_thresholds.ts";

/** Stable issue codes: clients may switch on them. */
export const HEALTH_ISSUE_CODES = [
  "NO_COMPANY_CONNECTED",
  "CONNECTION_NEEDS_REAUTHORIZATION",
  "REFRESH_TOKEN_EXPIRING",
  "REFRESH_TOKEN_HARD_EXPIRY",
  "QUICKBOOKS_CIRCUIT_OPEN",
  "QUICKBOOKS_ERROR_RATE",
  "QUICKBOOKS_THROTTLED",
  "QUICKBOOKS_RATE_BUDGET",
  "QUICKBOOKS_SLOW",
  "SYNC_BACKLOG",
  "SYNC_QUEUE_DEEP",
  "SYNC_RECORDS_FAILING",
  "SYNC_REVIEWS_OPEN",
  "CDC_CURSOR_STALE",
  "WEBHOOK_LAG",
  "AUTOMATION_RUN_FAILED",
  "AUTOMATION_SLOT_MISSED",
  "INTEGRITY_SCORE_LOW",
  "RECONCILIATION_STALE",
] as const;
export type HealthIssueCode = typeof HEALTH_ISSUE_CODES[number];

/** A condition seen in the facts now, before hysteresis decides whether it counts. */
export interface HealthCondition {
  /** Identity across evaluations: code, company and (for per-code or per-workflow issues) a subject. */
  readonly key: string;
  readonly code: HealthIssueCode;
  readonly severity: IssueSeverity;
  readonly component: HealthComponent;
  /** The company it concerns; null for the organization (automation, no company). */
  readonly realmId: string | null;
  readonly message: string;
  readonly recommendation: string;
  /** Counts at once, without the hold (a lost connection is not a blip). */
  readonly immediate: boolean;
  readonly details: Readonly<Record<string, unknown>>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Whole days from `now` to `at` (negative once past), rounded down. */
export function daysLeft(at: string, now: Date): number {
  return Math.floor((Date.parse(at) - now.getTime()) / DAY_MS);
}

const dateOf = (at: string) => at.slice(0, 10);

/**
 * Every condition the facts show at `now` under the thresholds, organization-wide and per company
 * (disconnected companies are left out: disconnecting is a choice).
 *
 * @example
 * ```ts
 * healthConditions({ orgId: "o", companies: [], automation: { enabledWorkflows: 0, failedRuns: [], missedSlots: [] } },
 *   thresholds, new Date()).map((c) => c.code); // ["NO_COMPANY_CONNECTED"]
 * ```
 */
export function healthConditions(
  facts: OrganizationHealthFacts,
  thresholds: HealthThresholds,
  now: Date,
): HealthCondition[] {
  const conditions: HealthCondition[] = [];
  const live = facts.companies.filter((c) => c.connectionStatus !== "disconnected");
  if (live.length === 0) {
    conditions.push({
      key: "NO_COMPANY_CONNECTED",
      code: "NO_COMPANY_CONNECTED",
      severity: "info",
      component: "connection",
      realmId: null,
      message: "No QuickBooks company is connected",
      recommendation: "Connect a QuickBooks company: POST /connect starts the authorization",
      immediate: true,
      details: {},
    });
  }
  for (const company of live) conditions.push(...companyConditions(company, thresholds, now));
  conditions.push(...automationConditions(facts, thresholds));
  return conditions;
}

function companyConditions(c: CompanyHealthFacts, t: HealthThresholds, now: Date): HealthCondition[] {
  const out: HealthCondition[] = [];
  const name = c.companyName ?? `realm ${c.realmId}`;
  const add = (
    code: HealthIssueCode,
    severity: IssueSeverity,
    component: HealthComponent,
    message: string,
    recommendation: string,
    details: Readonly<Record<string, unknown>> = {},
    subject?: string,
  ) =>
    out.push({
      key: `${code}:${c.realmId}${subject === undefined ? "" : `:${subject}`}`,
      code,
      severity,
      component,
      realmId: c.realmId,
      message,
      recommendation,
      immediate: code === "CONNECTION_NEEDS_REAUTHORIZATION",
      details,
    });

  if (c.connectionStatus === "needs_reauthorization") {
    const failure = c.connection.lastFailure;
    add(
      "CONNECTION_NEEDS_REAUTHORIZATION",
      "critical",
      "connection",
      `QuickBooks no longer accepts the tokens of ${name}${failure ? `: ${failure.message}` : ""}`,
      `Re-authorize QuickBooks for ${name} now (POST /connect); nothing syncs with realm ${c.realmId} until then`,
      failure ? { last_failure_code: failure.code, last_failure_at: failure.at } : {},
    );
    return out;
  }
  out.push(...connectionConditions(c, t, now, add, name));
  out.push(...apiConditions(c, t, add));
  out.push(...syncConditions(c, t, now, add));
  out.push(...dataQualityConditions(c, t, now, add));
  return out;
}

type Add = (
  code: HealthIssueCode,
  severity: IssueSeverity,
  component: HealthComponent,
  message: string,
  recommendation: string,
  details?: Readonly<Record<string, unknown>>,
  subject?: string,
) => number;

function connectionConditions(c: CompanyHealthFacts, t: HealthThresholds, now: Date, add: Add, name: string) {
  const hard = c.connection.refreshTokenHardExpiresAt;
  if (hard !== null) {
    const left = daysLeft(hard, now);
    if (left <= t.refreshTokenHardWarnDays) {
      add(
        "REFRESH_TOKEN_HARD_EXPIRY",
        left <= t.refreshTokenHardCriticalDays ? "critical" : "warning",
        "connection",
        `The QuickBooks refresh token of ${name} reaches Intuit's 5-year limit on ${
          dateOf(hard)
        } (${left} days left)`,
        `Re-authorize QuickBooks for ${name} before ${dateOf(hard)}: no refresh extends the 5-year limit`,
        { hard_expires_at: hard, days_left: left },
      );
    }
  }
  const rolling = c.connection.refreshTokenExpiresAt;
  if (rolling !== null) {
    const left = daysLeft(rolling, now);
    if (left <= t.refreshTokenWarnDays) {
      add(
        "REFRESH_TOKEN_EXPIRING",
        "warning",
        "connection",
        `The QuickBooks refresh token of ${name} expires on ${
          dateOf(rolling)
        } (${left} days left) and was not renewed`,
        `Check that the worker runs (token renewal refreshes it every 10 minutes); if the renewal keeps failing, ` +
          `re-authorize QuickBooks for ${name} before ${dateOf(rolling)}`,
        { expires_at: rolling, days_left: left, last_refreshed_at: c.connection.lastRefreshedAt },
      );
    }
  }
  return [];
}

function apiConditions(c: CompanyHealthFacts, t: HealthThresholds, add: Add) {
  if (c.circuit.state === "open" || c.circuit.state === "isolated") {
    add(
      "QUICKBOOKS_CIRCUIT_OPEN",
      "critical",
      "quickbooks_api",
      `Calls to realm ${c.realmId} are paused: QuickBooks kept failing` +
        (c.circuit.error ? ` (${c.circuit.error.code}: ${c.circuit.error.message})` : ""),
      `Check status.developer.intuit.com for an outage; calls resume by themselves` +
        (c.circuit.retryAt ? ` (next trial call at ${c.circuit.retryAt})` : ""),
      { opened_at: c.circuit.openedAt, retry_at: c.circuit.retryAt },
    );
  }
  const api = c.api;
  if (api.calls >= t.apiMinCalls && api.errors / api.calls >= t.apiErrorRateWarn) {
    const rate = api.errors / api.calls;
    add(
      "QUICKBOOKS_ERROR_RATE",
      rate >= t.apiErrorRateCritical ? "critical" : "warning",
      "quickbooks_api",
      `${api.errors} of ${api.calls} QuickBooks calls for realm ${c.realmId} failed in the last hour`,
      `Look up the failing calls' intuit_tid in the logs ("quickbooks call" lines) and GET /sync/history?outcome=failed`,
      { calls: api.calls, errors: api.errors, error_rate: Math.round(rate * 1000) / 1000 },
    );
  }
  if (api.throttled >= t.apiThrottledWarn) {
    add(
      "QUICKBOOKS_THROTTLED",
      "warning",
      "quickbooks_api",
      `QuickBooks answered 429 to ${api.throttled} calls for realm ${c.realmId} in the last hour`,
      `Spread the load: schedule large pushes apart, and check whether another app uses realm ${c.realmId}'s ` +
        `limit of ${c.rateBudget.perMinute} requests per minute`,
      { throttled: api.throttled },
    );
  }
  const use = c.rateBudget.perMinute > 0 ? c.rateBudget.usedLastMinute / c.rateBudget.perMinute : 0;
  if (use >= t.rateBudgetWarn) {
    add(
      "QUICKBOOKS_RATE_BUDGET",
      "warning",
      "quickbooks_api",
      `${c.rateBudget.usedLastMinute} of ${c.rateBudget.perMinute} requests of realm ${c.realmId}'s minute budget used`,
      `Calls wait for the budget; expect slower syncs, or run pushes outside busy hours`,
      { used: c.rateBudget.usedLastMinute, per_minute: c.rateBudget.perMinute },
    );
  }
  if (api.p95Ms !== null && api.calls >= t.apiMinCalls && api.p95Ms >= t.apiP95WarnMs) {
    add(
      "QUICKBOOKS_SLOW",
      "warning",
      "quickbooks_api",
      `QuickBooks calls for realm ${c.realmId} took ${api.p95Ms} ms at the 95th percentile in the last hour`,
      `Check status.developer.intuit.com and this service's network path to QuickBooks`,
      { p95_ms: api.p95Ms },
    );
  }
  return [];
}

function syncConditions(c: CompanyHealthFacts, t: HealthThresholds, now: Date, add: Add) {
  const s = c.sync;
  const stale = s.oldestUnsyncedAt !== null &&
    now.getTime() - Date.parse(s.oldestUnsyncedAt) >= t.pushStaleHours * HOUR_MS;
  if (s.backlogRecords >= t.backlogRecordsWarn || (s.backlogRecords > 0 && stale)) {
    add(
      "SYNC_BACKLOG",
      "warning",
      "sync",
      `${s.backlogRecords} records changed since the last successful push of realm ${c.realmId}` +
        (s.lastPushAt ? ` (${s.lastPushAt})` : " (none yet)"),
      `Run a push (POST /sync with direction push and realm_id ${c.realmId}) and check why scheduled syncs did not`,
      { backlog_records: s.backlogRecords, oldest_change_at: s.oldestUnsyncedAt, last_push_at: s.lastPushAt },
    );
  }
  if (s.jobsQueued >= t.jobsQueuedWarn) {
    add(
      "SYNC_QUEUE_DEEP",
      "warning",
      "sync",
      `${s.jobsQueued} sync jobs wait for realm ${c.realmId}`,
      `Check that a worker runs (RUN_WORKER, GET /health/ready) and is not stuck on one job (GET /sync/jobs)`,
      { jobs_queued: s.jobsQueued, jobs_running: s.jobsRunning },
    );
  }
  const failing = s.failing.reduce((n, g) => n + g.count, 0);
  if (failing >= t.failingRecordsWarn) {
    for (const group of s.failing) {
      add(
        "SYNC_RECORDS_FAILING",
        "warning",
        "sync",
        `${group.count} records ${group.outcome} with ${group.errorCode} in push ${s.lastPushJobId} of realm ${c.realmId}`,
        failingRecommendation(group, s.lastPushJobId),
        { error_code: group.errorCode, outcome: group.outcome, count: group.count, job_id: s.lastPushJobId },
        `${group.outcome}:${group.errorCode}`,
      );
    }
  }
  if (s.openReviews >= t.openReviewsWarn) {
    add(
      "SYNC_REVIEWS_OPEN",
      "warning",
      "sync",
      `${s.openReviews} conflicts of realm ${c.realmId} wait for a decision`,
      `Resolve them: GET /sync/reviews lists them, POST /sync/reviews/{id}/resolve keeps one side`,
      { open_reviews: s.openReviews },
    );
  }
  const cursorAge = s.cdcCursorAt === null ? null : now.getTime() - Date.parse(s.cdcCursorAt);
  const connectedFor = now.getTime() - Date.parse(c.connectedAt);
  if (
    (cursorAge !== null && cursorAge >= t.cdcCursorWarnHours * HOUR_MS) ||
    (cursorAge === null && connectedFor >= t.cdcCursorWarnHours * HOUR_MS)
  ) {
    const critical = (cursorAge ?? connectedFor) >= t.cdcCursorCriticalDays * 24 * HOUR_MS;
    add(
      "CDC_CURSOR_STALE",
      critical ? "critical" : "warning",
      "sync",
      s.cdcCursorAt === null
        ? `No pull has run for realm ${c.realmId} since it was connected (${c.connectedAt})`
        : `Changes made in QuickBooks for realm ${c.realmId} were last read up to ${s.cdcCursorAt}`,
      critical
        ? `Run a pull now (POST /sync with direction pull): past QuickBooks' 30-day change window the pull falls back to slower queries`
        : `Run a pull (POST /sync with direction pull) and check that scheduled syncs run for realm ${c.realmId}`,
      { cdc_cursor_at: s.cdcCursorAt, age_hours: Math.floor((cursorAge ?? connectedFor) / HOUR_MS) },
    );
  }
  if (s.webhookLagMs !== null && s.webhookLagMs >= t.webhookLagWarnMinutes * 60_000) {
    add(
      "WEBHOOK_LAG",
      "warning",
      "sync",
      `QuickBooks events for realm ${c.realmId} wait ${
        Math.round(s.webhookLagMs / 60_000)
      } minutes before we process them`,
      `Check that a worker runs; ${s.webhookEventsPending} events are waiting in the inbox`,
      { lag_ms: s.webhookLagMs, pending: s.webhookEventsPending },
    );
  }
  return [];
}

/** What to do about records that could not be pushed, naming the property and record. */
export function failingRecommendation(group: FailingRecordGroup, jobId: string | null): string {
  const e = group.example;
  const record = `${e.recordType} ${e.recordId}`;
  const resync = `then re-sync it (POST /sync/records/${e.recordType}/${e.recordId}/resync)`;
  const others = group.count > 1 ? ` (and ${group.count - 1} more: GET /sync/history?job_id=${jobId})` : "";
  if (group.outcome === "blocked") {
    return `${record} waits for a record that is not in QuickBooks yet (${e.message ?? "a reference"}); ` +
      `fix that record first: the next push writes both${others}`;
  }
  switch (group.errorCode) {
    case "QB006":
      return `Map the missing account for property ${e.propertyId ?? "(organization defaults)"}` +
        ` (${e.message ?? "no account mapped"}) with PUT /mappings/properties/${
          e.propertyId ?? ""
        } (or PUT /mappings/default), ${resync}${others}`;
    case "QB004":
      return `QuickBooks refused ${record}${e.qboCode ? ` (fault ${e.qboCode})` : ""}: ${e.message ?? ""}; ` +
        `correct the record, ${resync}${others}`;
    case "TRACKING_NOT_SUPPORTED":
      return `Turn Class or Location tracking back on in QuickBooks, or change the tracking setting (PUT /settings/sync), ${resync}${others}`;
    default:
      return `${record} ${group.outcome} with ${group.errorCode}${
        e.message ? `: ${e.message}` : ""
      }; ${resync}${others}`;
  }
}

function dataQualityConditions(c: CompanyHealthFacts, t: HealthThresholds, now: Date, add: Add) {
  const latest = c.dataQuality.latest;
  if (latest !== null) {
    const lowest = Math.min(latest.byCount, latest.byAmount);
    if (lowest < t.integrityWarnPercent) {
      add(
        "INTEGRITY_SCORE_LOW",
        lowest < t.integrityCriticalPercent ? "critical" : "warning",
        "data_quality",
        `The last reconciliation of realm ${c.realmId} (${latest.reportId}) scored ${latest.byCount}% by count ` +
          `and ${latest.byAmount}% by amount`,
        `Review its discrepancies (GET /reconcile/${latest.reportId}) and resolve them ` +
          `(POST /reconcile/${latest.reportId}/resolve)`,
        { report_id: latest.reportId, by_count: latest.byCount, by_amount: latest.byAmount },
      );
    }
  }
  const since = latest?.createdAt ?? c.connectedAt;
  const age = now.getTime() - Date.parse(since);
  if (age >= t.reconciliationStaleDays * 24 * HOUR_MS) {
    add(
      "RECONCILIATION_STALE",
      "warning",
      "data_quality",
      latest === null
        ? `Realm ${c.realmId} has never been reconciled (connected ${dateOf(c.connectedAt)})`
        : `The last reconciliation of realm ${c.realmId} ran on ${dateOf(latest.createdAt)}`,
      `Run a reconciliation (POST /reconcile), or enable the scheduled reconciliation workflow`,
      { last_reconciled_at: latest?.createdAt ?? null, age_days: Math.floor(age / (24 * HOUR_MS)) },
    );
  }
  return [];
}

function automationConditions(facts: OrganizationHealthFacts, t: HealthThresholds): HealthCondition[] {
  const out: HealthCondition[] = [];
  const byWorkflow = new Map<string, OrganizationHealthFacts["automation"]["failedRuns"][number][]>();
  for (const run of facts.automation.failedRuns) {
    byWorkflow.set(run.workflow, [...(byWorkflow.get(run.workflow) ?? []), run]);
  }
  for (const [workflow, runs] of byWorkflow) {
    if (runs.length < t.automationFailedRunsWarn) continue;
    const last = runs.reduce((a, b) => (a.at >= b.at ? a : b));
    out.push({
      key: `AUTOMATION_RUN_FAILED:org:${workflow}`,
      code: "AUTOMATION_RUN_FAILED",
      severity: "warning",
      component: "automation",
      realmId: null,
      message: `${runs.length} runs of ${workflow} failed in the last ${t.automationWindowHours} hours` +
        (last.errorCode ? ` (last: ${last.errorCode})` : ""),
      recommendation: `Read run ${last.runId} (GET /automation/status) for its error, fix it, ` +
        `then run ${workflow} again (POST /automation/execute with workflow ${workflow})`,
      immediate: false,
      details: {
        workflow,
        failed_runs: runs.length,
        last_run_id: last.runId,
        last_error_code: last.errorCode,
      },
    });
  }
  const missed = new Map<string, string[]>();
  for (const slot of facts.automation.missedSlots) {
    missed.set(slot.workflow, [...(missed.get(slot.workflow) ?? []), slot.slot]);
  }
  for (const [workflow, slots] of missed) {
    out.push({
      key: `AUTOMATION_SLOT_MISSED:org:${workflow}`,
      code: "AUTOMATION_SLOT_MISSED",
      severity: "warning",
      component: "automation",
      realmId: null,
      message: `${workflow} did not run for its slot of ${slots.join(", ")}`,
      recommendation:
        `Check that a worker runs (RUN_WORKER); run ${workflow} for ${slots[0]!.slice(0, 10)} by hand ` +
        `(POST /automation/execute with workflow ${workflow})`,
      immediate: false,
      details: { workflow, slots },
    });
  }
  return out;
}
