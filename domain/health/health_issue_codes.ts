import type { HealthComponent, IssueSeverity } from "./health_status.ts";

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
  "WEBHOOK_ENDPOINT_FAILING",
  "WEBHOOK_ENDPOINT_DISABLED",
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

/**
 * Adds a condition of one company: code, severity, component, message, recommendation, details and,
 * for issues that repeat per code or workflow, the subject that tells them apart.
 */
export type AddCondition = (
  code: HealthIssueCode,
  severity: IssueSeverity,
  component: HealthComponent,
  message: string,
  recommendation: string,
  details?: Readonly<Record<string, unknown>>,
  subject?: string,
) => void;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Whole days from `now` to `at` (negative once past), rounded down.
 *
 * @example
 * ```ts
 * daysLeft("2026-07-04T00:00:00.000Z", new Date("2026-06-01T12:00:00.000Z")); // 32
 * ```
 */
export function daysLeft(at: string, now: Date): number {
  return Math.floor((Date.parse(at) - now.getTime()) / DAY_MS);
}

/** The calendar date of an ISO instant (UTC). */
export const dateOf = (at: string) => at.slice(0, 10);
