/**
 * What the health evaluator is told about an organization at one instant: plain values read from
 * the database (connections, jobs, sync history, reviews, pull cursors, webhook inbox,
 * reconciliation reports, automation runs) and from this process (QuickBooks call figures and the
 * circuit breaker). Instants are ISO-8601 text; null means "never" or "not known".
 */
import type { CircuitReport } from "../ports/quickbooks_gateway.ts";

/** QuickBooks calls of one realm over the last hour, as this process saw them. */
export interface ApiCallFacts {
  readonly calls: number;
  /** Calls answered with a failure other than a throttle (5xx, network, faults). */
  readonly errors: number;
  /** Calls answered 429 (QuickBooks throttled us). */
  readonly throttled: number;
  /** Median and 95th percentile of the calls' durations; null without calls. */
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
}

/** Records the last push could not write, by our error code, with one example to act on. */
export interface FailingRecordGroup {
  readonly errorCode: string;
  readonly outcome: "failed" | "blocked" | "invalid";
  readonly count: number;
  readonly example: {
    readonly recordType: string;
    readonly recordId: string;
    readonly propertyId: string | null;
    readonly message: string | null;
    readonly qboCode: string | null;
  };
}

export interface CompanyHealthFacts {
  readonly realmId: string;
  readonly companyName: string | null;
  readonly connectionStatus: "connected" | "needs_reauthorization" | "disconnected";
  readonly connectedAt: string;
  readonly connection: {
    readonly accessTokenExpiresAt: string | null;
    readonly refreshTokenExpiresAt: string | null;
    readonly refreshTokenHardExpiresAt: string | null;
    /** When tokens were last stored (connect or refresh); null when not recorded yet. */
    readonly lastRefreshedAt: string | null;
    /** The last error recorded on the connection (QB002 for a rejected or expired refresh token). */
    readonly lastFailure: { readonly code: string; readonly message: string; readonly at: string } | null;
  };
  readonly api: ApiCallFacts;
  readonly circuit: CircuitReport;
  /** Calls drawn on the realm's shared rate budget in the last minute, and the budget. */
  readonly rateBudget: { readonly usedLastMinute: number; readonly perMinute: number };
  readonly sync: {
    readonly lastPushAt: string | null;
    readonly lastPullAt: string | null;
    /** Mirror records changed since the last successful push started (all of them before any). */
    readonly backlogRecords: number;
    /** The oldest of those changes; null without backlog. */
    readonly oldestUnsyncedAt: string | null;
    readonly jobsQueued: number;
    readonly jobsRunning: number;
    /** The id of the last finished push the failing records belong to. */
    readonly lastPushJobId: string | null;
    readonly failing: readonly FailingRecordGroup[];
    readonly openReviews: number;
    readonly cdcCursorAt: string | null;
    /** Longest time from QuickBooks' event to our processing, over the last hour and the events still waiting. */
    readonly webhookLagMs: number | null;
    readonly webhookEventsPending: number;
  };
  readonly dataQuality: {
    readonly latest: {
      readonly reportId: string;
      readonly createdAt: string;
      /** Percent, two decimals (from hundredths of a percent). */
      readonly byCount: number;
      readonly byAmount: number;
      /** Discrepancies the report found and no resolve run has dealt with (0 once resolved). */
      readonly unresolvedDiscrepancies: number;
    } | null;
  };
}

export interface AutomationHealthFacts {
  readonly enabledWorkflows: number;
  readonly failedRuns: readonly {
    readonly workflow: string;
    readonly runId: string;
    readonly slot: string;
    readonly at: string;
    readonly errorCode: string | null;
  }[];
  /** Scheduled slots past their grace without a run. */
  readonly missedSlots: readonly { readonly workflow: string; readonly slot: string }[];
}

/** An outbound webhook endpoint as health sees it. */
export interface WebhookEndpointHealthFacts {
  readonly id: string;
  readonly url: string;
  readonly enabled: boolean;
  /** Why the service disabled it (`gone`: it answered 410; `failing`: it failed for days), or null. */
  readonly disabledReason: string | null;
  /** Since when its deliveries have failed without a success in between, or null. */
  readonly failingSince: string | null;
  readonly updatedAt: string;
}

export interface OrganizationHealthFacts {
  readonly orgId: string;
  readonly companies: readonly CompanyHealthFacts[];
  readonly automation: AutomationHealthFacts;
  /** The organization's outbound webhook endpoints. */
  readonly webhookEndpoints: readonly WebhookEndpointHealthFacts[];
}
