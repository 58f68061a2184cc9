/** Facts and thresholds for the health evaluator's tests: a healthy company, changed by each test. */
import type { CompanyHealthFacts, OrganizationHealthFacts } from "../../../domain/health/health_facts.ts";
import type { HealthThresholds } from "../../../domain/health/health_thresholds.ts";

export const THRESHOLDS: HealthThresholds = {
  refreshTokenWarnDays: 14,
  refreshTokenHardWarnDays: 60,
  refreshTokenHardCriticalDays: 7,
  apiMinCalls: 20,
  apiErrorRateWarn: 0.05,
  apiErrorRateCritical: 0.25,
  apiThrottledWarn: 10,
  rateBudgetWarn: 0.8,
  apiP95WarnMs: 5000,
  backlogRecordsWarn: 500,
  pushStaleHours: 26,
  jobsQueuedWarn: 20,
  failingRecordsWarn: 1,
  openReviewsWarn: 25,
  cdcCursorWarnHours: 26,
  cdcCursorCriticalDays: 25,
  webhookLagWarnMinutes: 15,
  automationFailedRunsWarn: 1,
  automationWindowHours: 24,
  missedSlotGraceMinutes: 60,
  integrityWarnPercent: 99,
  integrityCriticalPercent: 90,
  reconciliationStaleDays: 35,
  holdMinutes: 5,
  recoverMinutes: 15,
};

export const NOW = new Date("2026-06-01T12:00:00.000Z");

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

export function company(
  realmId = "9130001",
  change: DeepPartial<CompanyHealthFacts> = {},
): CompanyHealthFacts {
  const base: CompanyHealthFacts = {
    realmId,
    companyName: "Maple Holdings",
    connectionStatus: "connected",
    connectedAt: "2026-05-20T00:00:00.000Z",
    connection: {
      accessTokenExpiresAt: "2026-06-01T12:40:00.000Z",
      refreshTokenExpiresAt: "2026-09-08T11:40:00.000Z",
      refreshTokenHardExpiresAt: "2031-05-20T00:00:00.000Z",
      lastRefreshedAt: "2026-06-01T11:40:00.000Z",
      lastFailure: null,
    },
    api: { calls: 100, errors: 0, throttled: 0, p50Ms: 120, p95Ms: 400 },
    circuit: { state: "closed", openedAt: null, retryAt: null, error: null },
    rateBudget: { usedLastMinute: 12, perMinute: 500 },
    sync: {
      lastPushAt: "2026-06-01T11:00:00.000Z",
      lastPullAt: "2026-06-01T11:00:00.000Z",
      backlogRecords: 0,
      oldestUnsyncedAt: null,
      jobsQueued: 0,
      jobsRunning: 0,
      lastPushJobId: "job-1",
      failing: [],
      openReviews: 0,
      cdcCursorAt: "2026-06-01T10:59:00.000Z",
      webhookLagMs: 2_000,
      webhookEventsPending: 0,
    },
    dataQuality: {
      latest: {
        reportId: "rec-1",
        createdAt: "2026-05-31T00:00:00.000Z",
        byCount: 100,
        byAmount: 100,
        unresolvedDiscrepancies: 0,
      },
    },
  };
  return {
    ...base,
    ...change,
    connection: { ...base.connection, ...change.connection },
    api: { ...base.api, ...change.api },
    circuit: { ...base.circuit, ...change.circuit },
    rateBudget: { ...base.rateBudget, ...change.rateBudget },
    sync: { ...base.sync, ...change.sync },
    dataQuality: { ...base.dataQuality, ...change.dataQuality },
  } as CompanyHealthFacts;
}

export function organization(
  companies: readonly CompanyHealthFacts[] = [company()],
  automation: Partial<OrganizationHealthFacts["automation"]> = {},
  webhookEndpoints: OrganizationHealthFacts["webhookEndpoints"] = [],
): OrganizationHealthFacts {
  return {
    orgId: "org-1",
    companies,
    automation: { enabledWorkflows: 0, failedRuns: [], missedSlots: [], ...automation },
    webhookEndpoints,
  };
}

export const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);
