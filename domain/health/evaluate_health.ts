import { healthConditions } from "./health_conditions.ts";
import type { HealthCondition } from "./health_issue_codes.ts";
import type { CompanyHealthFacts, OrganizationHealthFacts } from "./health_facts.ts";
import { type ConditionPhase, phaseOf, trackConditions, type TrackedCondition } from "./health_hysteresis.ts";
import {
  companyStatus,
  type HealthComponent,
  type HealthStatus,
  type IssueSeverity,
  overallStatus,
} from "./health_status.ts";
import type { HealthThresholds } from "./health_thresholds.ts";

/** What is stored between evaluations of an organization (one row per organization). */
export interface HealthState {
  readonly status: HealthStatus;
  /** Status per company (realm id). */
  readonly companies: Readonly<Record<string, HealthStatus>>;
  readonly conditions: readonly TrackedCondition[];
  readonly evaluatedAt: string;
}

/** One issue as the health answer lists it. */
export interface HealthIssue {
  readonly code: TrackedCondition["code"];
  readonly severity: IssueSeverity;
  readonly component: HealthComponent;
  readonly realmId: string | null;
  /** Since when the condition holds. */
  readonly since: string;
  /** pending: seen, not held long enough to count; active: counts; recovering: clear, still counts for a while. */
  readonly phase: ConditionPhase;
  readonly message: string;
  readonly recommendation: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A status that changed in an evaluation: the organization's (`realmId` null) or a company's. */
export interface HealthStatusChange {
  readonly realmId: string | null;
  /** null the first time the organization or company is evaluated. */
  readonly from: HealthStatus | null;
  readonly to: HealthStatus;
  readonly at: string;
  /** The codes of the issues that count for it after the change. */
  readonly issueCodes: readonly string[];
}

export interface CompanyHealth {
  readonly facts: CompanyHealthFacts;
  readonly status: HealthStatus;
}

export interface HealthEvaluation {
  readonly status: HealthStatus;
  readonly companies: readonly CompanyHealth[];
  readonly issues: readonly HealthIssue[];
  /** The state to store for the next evaluation. */
  readonly state: HealthState;
  readonly changes: readonly HealthStatusChange[];
}

const SEVERITY_ORDER: Readonly<Record<IssueSeverity, number>> = { critical: 0, warning: 1, info: 2 };

/**
 * The integration health of an organization at `now`: every condition the facts show, held or
 * released by the previous state's hysteresis (a condition counts after `holdMinutes`, stops counting
 * after `recoverMinutes` clear), each company's status from its connection and counting issues, the
 * organization's as the worst of them, the new state and the status changes against the previous one.
 * Pure: the caller stores the state and records the changes.
 *
 * @example
 * ```ts
 * const first = evaluateHealth(facts, thresholds, null, new Date("2026-06-01T12:00:00Z"));
 * first.changes; // [{ realmId: null, from: null, to: "healthy", ... }, ...]
 * ```
 */
export function evaluateHealth(
  facts: OrganizationHealthFacts,
  thresholds: HealthThresholds,
  previous: HealthState | null,
  now: Date,
): HealthEvaluation {
  const current: HealthCondition[] = healthConditions(facts, thresholds, now);
  const tracked = trackConditions(previous?.conditions ?? [], current, now, {
    holdMs: thresholds.holdMinutes * 60_000,
    recoverMs: thresholds.recoverMinutes * 60_000,
  });
  const counting = tracked.filter((t) => t.counting);
  const companies = facts.companies.map((company) => ({
    facts: company,
    status: companyStatus(
      company.connectionStatus,
      counting.filter((t) => t.realmId === company.realmId).map((t) => t.severity),
    ),
  }));
  const orgIssues = counting.filter((t) => t.realmId === null).map((t) => t.severity);
  const fromCompanies = overallStatus(companies.map((c) => c.status));
  const status = fromCompanies === "not_connected"
    ? "not_connected"
    : overallStatus([fromCompanies, companyStatus("connected", orgIssues)]);
  const at = now.toISOString();
  const state: HealthState = {
    status,
    companies: Object.fromEntries(companies.map((c) => [c.facts.realmId, c.status])),
    conditions: tracked,
    evaluatedAt: at,
  };
  const codesOf = (realmId: string | null) =>
    [...new Set(counting.filter((t) => realmId === null || t.realmId === realmId).map((t) => t.code))].sort();
  const changes: HealthStatusChange[] = [];
  if (previous?.status !== status) {
    changes.push({
      realmId: null,
      from: previous?.status ?? null,
      to: status,
      at,
      issueCodes: codesOf(null),
    });
  }
  for (const company of companies) {
    const before = previous?.companies[company.facts.realmId] ?? null;
    if (before !== company.status) {
      changes.push({
        realmId: company.facts.realmId,
        from: before,
        to: company.status,
        at,
        issueCodes: codesOf(company.facts.realmId),
      });
    }
  }
  const issues = tracked
    .map((t): HealthIssue => ({
      code: t.code,
      severity: t.severity,
      component: t.component,
      realmId: t.realmId,
      since: t.since,
      phase: phaseOf(t),
      message: t.message,
      recommendation: t.recommendation,
      details: t.details,
    }))
    .sort((a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.since.localeCompare(b.since)
    );
  return { status, companies, issues, state, changes };
}
