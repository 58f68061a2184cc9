/**
 * Integration health as the API shows it (snake_case, the seed's field names where they fit:
 * `status`, `last_check`, `connection_health`, `sync_health`, `automation_health`, `data_quality`
 * with `integrity_score`, `issues`, `recommendations`), and the one-page summary of GET /summary.
 */
import type { CompanyHealth, HealthEvaluation, HealthIssue } from "../../domain/health/evaluate_health.ts";
import { daysLeft } from "../../domain/health/health_issue_codes.ts";
import type { OrganizationHealthFacts } from "../../domain/health/health_facts.ts";
import { DomainError } from "../../domain/errors.ts";
import type { HealthHistoryPage } from "../../domain/ports/integration_health_store.ts";

/** A company's view: endpoints are the organization's. */
const COMPANY_OUTBOUND_WEBHOOKS = {
  applicable: false,
  reason: "webhook endpoints belong to the organization: see the organization's outbound_webhooks",
} as const;

/** The organization's webhook endpoints: how many, which fail, which the service disabled. */
function viewOutboundWebhooks(facts: OrganizationHealthFacts) {
  const endpoints = facts.webhookEndpoints;
  return {
    applicable: true as const,
    endpoints: endpoints.length,
    enabled: endpoints.filter((e) => e.enabled).length,
    failing: endpoints.filter((e) => e.enabled && e.failingSince !== null)
      .map((e) => ({ endpoint_id: e.id, url: e.url, failing_since: e.failingSince! })),
    disabled: endpoints.filter((e) => !e.enabled && e.disabledReason !== null)
      .map((e) => ({ endpoint_id: e.id, url: e.url, reason: e.disabledReason!, disabled_at: e.updatedAt })),
  };
}

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));
const ageMs = (at: string | null, now: Date) => (at === null ? null : now.getTime() - Date.parse(at));

function viewIssue(issue: HealthIssue) {
  return {
    code: issue.code,
    severity: issue.severity,
    component: issue.component,
    realm_id: issue.realmId,
    since: issue.since,
    phase: issue.phase,
    message: issue.message,
    recommendation: issue.recommendation,
    details: issue.details,
  };
}

function viewCompany(company: CompanyHealth, now: Date) {
  const f = company.facts;
  const c = f.connection;
  const api = f.api;
  const s = f.sync;
  const latest = f.dataQuality.latest;
  return {
    realm_id: f.realmId,
    company_name: f.companyName,
    status: company.status,
    connection_health: {
      connection_status: f.connectionStatus,
      connected_at: f.connectedAt,
      access_token_expires_at: c.accessTokenExpiresAt,
      refresh_token_expires_at: c.refreshTokenExpiresAt,
      refresh_token_days_left: c.refreshTokenExpiresAt === null
        ? null
        : daysLeft(c.refreshTokenExpiresAt, now),
      refresh_token_hard_expires_at: c.refreshTokenHardExpiresAt,
      refresh_token_hard_days_left: c.refreshTokenHardExpiresAt === null
        ? null
        : daysLeft(c.refreshTokenHardExpiresAt, now),
      last_refreshed_at: c.lastRefreshedAt,
      last_refresh_failure: c.lastFailure,
    },
    quickbooks_api: {
      scope: "process" as const,
      calls_last_hour: api.calls,
      errors_last_hour: api.errors,
      error_rate: api.calls === 0 ? null : Math.round((api.errors / api.calls) * 1000) / 1000,
      throttled_last_hour: api.throttled,
      latency_p50_ms: api.p50Ms,
      latency_p95_ms: api.p95Ms,
      breaker: { state: f.circuit.state, opened_at: f.circuit.openedAt, retry_at: f.circuit.retryAt },
      rate_budget: {
        used_last_minute: f.rateBudget.usedLastMinute,
        per_minute: f.rateBudget.perMinute,
        use: Math.round((f.rateBudget.usedLastMinute / f.rateBudget.perMinute) * 1000) / 1000,
      },
    },
    sync_health: {
      last_push_at: s.lastPushAt,
      last_pull_at: s.lastPullAt,
      backlog: {
        records_changed: s.backlogRecords,
        oldest_change_at: s.oldestUnsyncedAt,
        jobs_queued: s.jobsQueued,
        jobs_running: s.jobsRunning,
      },
      last_push_job_id: s.lastPushJobId,
      failing_records: s.failing.map((g) => ({
        error_code: g.errorCode,
        outcome: g.outcome,
        count: g.count,
        example: {
          record_type: g.example.recordType,
          record_id: g.example.recordId,
          property_id: g.example.propertyId,
          message: g.example.message,
          qbo_code: g.example.qboCode,
        },
      })),
      open_reviews: s.openReviews,
      cdc_cursor_at: s.cdcCursorAt,
      cdc_cursor_age_seconds: seconds(ageMs(s.cdcCursorAt, now)),
      webhook_lag_seconds: seconds(s.webhookLagMs),
      webhook_events_pending: s.webhookEventsPending,
    },
    data_quality: {
      integrity_score: latest === null ? null : { by_count: latest.byCount, by_amount: latest.byAmount },
      report_id: latest?.reportId ?? null,
      reconciled_at: latest?.createdAt ?? null,
      age_days: latest === null ? null : Math.floor(ageMs(latest.createdAt, now)! / 86_400_000),
      unresolved_discrepancies: latest?.unresolvedDiscrepancies ?? null,
    },
    outbound_webhooks: COMPANY_OUTBOUND_WEBHOOKS,
  };
}

/** The lowest integrity score among the companies' latest reconciliations (what to worry about first). */
function lowestScore(companies: readonly CompanyHealth[]) {
  const scored = companies.map((c) => c.facts.dataQuality.latest).filter((l) => l !== null);
  if (scored.length === 0) return null;
  return {
    by_count: Math.min(...scored.map((l) => l.byCount)),
    by_amount: Math.min(...scored.map((l) => l.byAmount)),
  };
}

const recommendationsOf = (issues: readonly HealthIssue[]) => [
  ...new Set(issues.filter((i) => i.phase !== "pending").map((i) => i.recommendation)),
];

/** GET /health/integration. */
export function viewIntegrationHealth(
  result: {
    readonly evaluation: HealthEvaluation;
    readonly facts: OrganizationHealthFacts;
    readonly at: Date;
  },
) {
  const { evaluation: e, facts, at } = result;
  const companies = e.companies;
  const count = (status: string) => companies.filter((c) => c.facts.connectionStatus === status).length;
  const live = companies.filter((c) => c.facts.connectionStatus !== "disconnected");
  const sum = (pick: (c: CompanyHealth) => number) => live.reduce((n, c) => n + pick(c), 0);
  return {
    status: e.status,
    last_check: at.toISOString(),
    companies: companies.map((c) => viewCompany(c, at)),
    connection_health: {
      companies_connected: count("connected"),
      companies_needing_reauthorization: count("needs_reauthorization"),
      companies_disconnected: count("disconnected"),
    },
    sync_health: {
      backlog_records: sum((c) => c.facts.sync.backlogRecords),
      jobs_queued: sum((c) => c.facts.sync.jobsQueued),
      failing_records: sum((c) => c.facts.sync.failing.reduce((n, g) => n + g.count, 0)),
      open_reviews: sum((c) => c.facts.sync.openReviews),
    },
    automation_health: {
      enabled_workflows: facts.automation.enabledWorkflows,
      failed_runs: facts.automation.failedRuns.map((r) => ({
        workflow: r.workflow,
        run_id: r.runId,
        slot: r.slot,
        at: r.at,
        error_code: r.errorCode,
      })),
      missed_slots: facts.automation.missedSlots.map((m) => ({ workflow: m.workflow, slot: m.slot })),
    },
    data_quality: { integrity_score: lowestScore(live) },
    outbound_webhooks: viewOutboundWebhooks(facts),
    issues: e.issues.map(viewIssue),
    recommendations: recommendationsOf(e.issues),
  };
}

/** GET /summary: the seed's one-page overview of the organization. */
export function viewSummary(
  result: {
    readonly evaluation: HealthEvaluation;
    readonly facts: OrganizationHealthFacts;
    readonly at: Date;
  },
) {
  const { evaluation: e, facts, at } = result;
  const live = e.companies.filter((c) => c.facts.connectionStatus !== "disconnected");
  const main = live[0] ?? null;
  const lastSync = (c: CompanyHealth) =>
    [c.facts.sync.lastPushAt, c.facts.sync.lastPullAt].filter((x) => x !== null).sort().at(-1) ?? null;
  const score = lowestScore(live);
  return {
    overall_status: e.status,
    last_check: at.toISOString(),
    connection: {
      connected: live.some((c) => c.facts.connectionStatus === "connected"),
      company_name: main?.facts.companyName ?? null,
      realm_id: main?.facts.realmId ?? null,
      last_sync: live.map(lastSync).filter((x) => x !== null).sort().at(-1) ?? null,
      companies: live.map((c) => ({
        realm_id: c.facts.realmId,
        company_name: c.facts.companyName,
        status: c.status,
        last_sync: lastSync(c),
      })),
    },
    automation: {
      enabled: facts.automation.enabledWorkflows > 0,
      active_workflows: facts.automation.enabledWorkflows,
    },
    data_quality: {
      score: score === null ? null : Math.min(score.by_count, score.by_amount),
      integrity_score: score,
      unresolved_issues: live.reduce(
        (n, c) => n + (c.facts.dataQuality.latest?.unresolvedDiscrepancies ?? 0),
        0,
      ),
    },
    issues: e.issues.map(viewIssue),
    recommendations: recommendationsOf(e.issues),
  };
}

/** The history query of GET /health/integration/history: one company, the organization only, or all. */
export function healthHistoryQuery(query: {
  readonly realm_id?: string;
  readonly organization_only: boolean;
  readonly cursor?: string;
  readonly limit: number;
}): { readonly realmId?: string | null; readonly cursor?: string; readonly limit: number } {
  if (query.organization_only && query.realm_id !== undefined) {
    throw new DomainError(
      "VALIDATION_FAILED",
      "Ask for one company (realm_id) or the organization only, not both",
      {
        realm_id: query.realm_id,
      },
    );
  }
  return {
    realmId: query.organization_only ? null : query.realm_id,
    cursor: query.cursor,
    limit: query.limit,
  };
}

/** A page of status changes as GET /health/integration/history shows it. */
export function viewHealthHistory(page: HealthHistoryPage) {
  return {
    entries: page.entries.map((e) => ({
      seq: e.seq,
      realm_id: e.realmId,
      from: e.from,
      to: e.to,
      at: e.at,
      issue_codes: [...e.issueCodes],
    })),
    next_cursor: page.nextCursor,
  };
}
