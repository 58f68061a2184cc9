import type { CompanyHealthFacts } from "./health_facts.ts";
import { type AddCondition, dateOf, daysLeft, HOUR_MS } from "./health_issue_codes.ts";
import type { HealthThresholds } from "./health_thresholds.ts";

/** Token expiries: the rolling refresh-token expiry and Intuit's 5-year hard expiry. */
export function connectionConditions(
  c: CompanyHealthFacts,
  t: HealthThresholds,
  now: Date,
  add: AddCondition,
  name: string,
) {
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
}

/** The QuickBooks API as this process saw it: breaker, error rate, 429s, rate budget, latency. */
export function apiConditions(c: CompanyHealthFacts, t: HealthThresholds, add: AddCondition) {
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
}

/** The latest reconciliation: its integrity score and its age. */
export function dataQualityConditions(
  c: CompanyHealthFacts,
  t: HealthThresholds,
  now: Date,
  add: AddCondition,
) {
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
}
