/**
 * The published thresholds behind the health states. Values come from configuration
 * (src/config.ts, HEALTH_* variables, defaults in the README); nothing here picks a number.
 */
export interface HealthThresholds {
  /** A refresh token whose rolling expiry is this close is a warning (Intuit's is 100 days, extended on each refresh). */
  readonly refreshTokenWarnDays: number;
  /** Intuit's 5-year hard expiry this close is a warning; at `refreshTokenHardCriticalDays`, critical. */
  readonly refreshTokenHardWarnDays: number;
  readonly refreshTokenHardCriticalDays: number;
  /** Calls in the last hour below this are too few for an error rate to mean anything. */
  readonly apiMinCalls: number;
  /** Share of failed QuickBooks calls in the last hour (0..1): warning, critical. */
  readonly apiErrorRateWarn: number;
  readonly apiErrorRateCritical: number;
  /** 429 answers from QuickBooks in the last hour that make a warning. */
  readonly apiThrottledWarn: number;
  /** Share of the realm's per-minute rate budget in use (0..1) that makes a warning. */
  readonly rateBudgetWarn: number;
  /** p95 latency of QuickBooks calls in the last hour that makes a warning. */
  readonly apiP95WarnMs: number;
  /** Records changed and not pushed since the last successful push: warning. */
  readonly backlogRecordsWarn: number;
  /** Changed records waiting longer than this since the last successful push: warning. */
  readonly pushStaleHours: number;
  /** Sync jobs queued for one company: warning. */
  readonly jobsQueuedWarn: number;
  /** Records the last push could not write (failed, blocked, invalid): warning at this many. */
  readonly failingRecordsWarn: number;
  /** Open conflict reviews of one company: warning. */
  readonly openReviewsWarn: number;
  /** Age of the CDC cursor (last pull's position): warning; QuickBooks' CDC window is 30 days. */
  readonly cdcCursorWarnHours: number;
  readonly cdcCursorCriticalDays: number;
  /** Time from QuickBooks' event to our processing of it: warning. */
  readonly webhookLagWarnMinutes: number;
  /** Failed automation runs within `automationWindowHours` that make a warning. */
  readonly automationFailedRunsWarn: number;
  readonly automationWindowHours: number;
  /** A scheduled slot not claimed this long after it came due counts as missed. */
  readonly missedSlotGraceMinutes: number;
  /** Integrity score (either measure, in percent) below which data quality is a warning / critical. */
  readonly integrityWarnPercent: number;
  readonly integrityCriticalPercent: number;
  /** The latest reconciliation older than this is a warning (or none at all while connected this long). */
  readonly reconciliationStaleDays: number;
  /** How long a condition must hold before it counts toward the status (no flapping). */
  readonly holdMinutes: number;
  /** How long a counted condition must be clear before it stops counting (recovery). */
  readonly recoverMinutes: number;
}
