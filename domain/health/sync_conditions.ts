import type { CompanyHealthFacts, FailingRecordGroup } from "./health_facts.ts";
import { type AddCondition, HOUR_MS } from "./health_issue_codes.ts";
import type { HealthThresholds } from "./health_thresholds.ts";

/** Backlog, queue, records the last push could not write, reviews, the CDC cursor and webhook lag. */
export function syncConditions(c: CompanyHealthFacts, t: HealthThresholds, now: Date, add: AddCondition) {
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
