import { createRoute, z } from "@hono/zod-openapi";
import { requires, unscopedOnly } from "../access.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { HEALTH_ISSUE_CODES } from "../../../domain/health/health_issue_codes.ts";
import {
  HEALTH_COMPONENTS,
  HEALTH_STATUSES,
  ISSUE_SEVERITIES,
} from "../../../domain/health/health_status.ts";

const Status = z.enum(HEALTH_STATUSES).openapi({
  description: "healthy; degraded (a warning held for HEALTH_HOLD_MINUTES); unhealthy (a critical issue); " +
    "needs_reauthorization (QuickBooks no longer accepts the tokens); not_connected (no company connected)",
});
const Instant = z.string().nullable();

const Issue = z.object({
  code: z.enum(HEALTH_ISSUE_CODES),
  severity: z.enum(ISSUE_SEVERITIES),
  component: z.enum(HEALTH_COMPONENTS),
  realm_id: z.string().nullable().openapi({ description: "The company; null for the organization" }),
  since: z.string().openapi({ description: "Since when the condition holds" }),
  phase: z.enum(["pending", "active", "recovering"]).openapi({
    description:
      "pending: seen, not held long enough to count (HEALTH_HOLD_MINUTES); active: counts toward the " +
      "status; recovering: clear, still counts until clear for HEALTH_RECOVER_MINUTES",
  }),
  message: z.string(),
  recommendation: z.string().openapi({
    example: "Re-authorize QuickBooks for Maple Holdings before 2027-01-04",
  }),
  details: z.record(z.string(), z.unknown()),
}).openapi("HealthIssue");

const CompanyOutboundWebhooks = z.object({
  applicable: z.literal(false),
  reason: z.string(),
}).openapi("CompanyOutboundWebhooksHealth", {
  description: "Webhook endpoints belong to the organization: see the organization's outbound_webhooks",
});

const OutboundWebhooks = z.object({
  applicable: z.literal(true),
  endpoints: z.number().int(),
  enabled: z.number().int(),
  failing: z.array(z.object({ endpoint_id: z.string(), url: z.string(), failing_since: z.string() })).openapi(
    {
      description: "Enabled endpoints whose deliveries fail (retried on their schedule)",
    },
  ),
  disabled: z.array(
    z.object({ endpoint_id: z.string(), url: z.string(), reason: z.string(), disabled_at: z.string() }),
  )
    .openapi({ description: "Endpoints the service disabled (410 Gone, or failing for days)" }),
}).openapi("OutboundWebhooksHealth", {
  description: "The organization's webhook endpoints (POST /webhook-endpoints): failing and disabled ones",
});

const CompanyHealth = z.object({
  realm_id: z.string(),
  company_name: z.string().nullable(),
  status: Status,
  connection_health: z.object({
    connection_status: z.enum(["connected", "needs_reauthorization", "disconnected"]),
    connected_at: z.string(),
    access_token_expires_at: Instant,
    refresh_token_expires_at: Instant.openapi({
      description: "Rolling expiry (about 100 days, extended by refreshes)",
    }),
    refresh_token_days_left: z.number().int().nullable(),
    refresh_token_hard_expires_at: Instant.openapi({
      description: "Intuit's 5-year limit, when Intuit reported it",
    }),
    refresh_token_hard_days_left: z.number().int().nullable(),
    last_refreshed_at: Instant.openapi({ description: "When tokens were last stored (connect or refresh)" }),
    last_refresh_failure: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable()
      .openapi({
        description:
          "The last error recorded on the connection (QB002 when the refresh token was refused or expired)",
      }),
  }),
  quickbooks_api: z.object({
    scope: z.literal("process").openapi({
      description: "Calls, errors, 429s and latency are this process's own over the last hour (not stored; " +
        "other workers' calls are not in them); the breaker is this process's; the rate budget is shared " +
        "by every process (database)",
    }),
    calls_last_hour: z.number().int(),
    errors_last_hour: z.number().int().openapi({ description: "5xx answers and calls without an answer" }),
    error_rate: z.number().nullable(),
    throttled_last_hour: z.number().int().openapi({ description: "429 answers" }),
    latency_p50_ms: z.number().nullable().openapi({
      description:
        "Until QuickBooks' answer arrives, per HTTP exchange (retries included); null without calls",
    }),
    latency_p95_ms: z.number().nullable(),
    breaker: z.object({
      state: z.enum(["closed", "open", "half_open", "isolated"]),
      opened_at: Instant,
      retry_at: Instant,
    }),
    rate_budget: z.object({
      used_last_minute: z.number().int(),
      per_minute: z.number().int(),
      use: z.number().openapi({ description: "used_last_minute / per_minute" }),
    }),
  }),
  sync_health: z.object({
    last_push_at: Instant,
    last_pull_at: Instant,
    backlog: z.object({
      records_changed: z.number().int().openapi({
        description: "Records changed since the last successful push started (every record before the first)",
      }),
      oldest_change_at: Instant,
      jobs_queued: z.number().int(),
      jobs_running: z.number().int(),
    }),
    last_push_job_id: z.string().nullable(),
    failing_records: z.array(z.object({
      error_code: z.string(),
      outcome: z.enum(["failed", "blocked", "invalid"]),
      count: z.number().int(),
      example: z.object({
        record_type: z.string(),
        record_id: z.string(),
        property_id: z.string().nullable(),
        message: z.string().nullable(),
        qbo_code: z.string().nullable(),
      }),
    })).openapi({ description: "Records the last finished push could not write, by outcome and code" }),
    open_reviews: z.number().int(),
    cdc_cursor_at: Instant,
    cdc_cursor_age_seconds: z.number().int().nullable(),
    webhook_lag_seconds: z.number().int().nullable().openapi({
      description:
        "Longest time from QuickBooks' event to our processing, over the last hour and waiting events",
    }),
    webhook_events_pending: z.number().int(),
  }),
  data_quality: z.object({
    integrity_score: z.object({ by_count: z.number(), by_amount: z.number() }).nullable(),
    report_id: z.string().nullable(),
    reconciled_at: Instant,
    age_days: z.number().int().nullable(),
    unresolved_discrepancies: z.number().int().nullable(),
  }),
  outbound_webhooks: CompanyOutboundWebhooks,
}).openapi("CompanyHealth");

const IntegrationHealth = z.object({
  status: Status,
  last_check: z.string(),
  companies: z.array(CompanyHealth),
  connection_health: z.object({
    companies_connected: z.number().int(),
    companies_needing_reauthorization: z.number().int(),
    companies_disconnected: z.number().int(),
  }),
  sync_health: z.object({
    backlog_records: z.number().int(),
    jobs_queued: z.number().int(),
    failing_records: z.number().int(),
    open_reviews: z.number().int(),
  }),
  automation_health: z.object({
    enabled_workflows: z.number().int(),
    failed_runs: z.array(z.object({
      workflow: z.string(),
      run_id: z.string(),
      slot: z.string(),
      at: z.string(),
      error_code: z.string().nullable(),
    })),
    missed_slots: z.array(z.object({ workflow: z.string(), slot: z.string() })),
  }),
  data_quality: z.object({
    integrity_score: z.object({ by_count: z.number(), by_amount: z.number() }).nullable().openapi({
      description: "The lowest of the companies' latest reconciliations",
    }),
  }),
  outbound_webhooks: OutboundWebhooks,
  issues: z.array(Issue),
  recommendations: z.array(z.string()).openapi({
    description: "The recommendations of the issues that count",
  }),
}).openapi("IntegrationHealth");

const HealthChange = z.object({
  seq: z.number().int(),
  realm_id: z.string().nullable().openapi({ description: "The company; null for the organization's status" }),
  from: Status.nullable().openapi({ description: "null at the first evaluation" }),
  to: Status,
  at: z.string(),
  issue_codes: z.array(z.string()),
}).openapi("HealthStatusChange");

const HealthHistory = z.object({
  entries: z.array(HealthChange),
  next_cursor: z.string().nullable(),
}).openapi("HealthHistory");

const Summary = z.object({
  overall_status: Status,
  last_check: z.string(),
  connection: z.object({
    connected: z.boolean(),
    company_name: z.string().nullable(),
    realm_id: z.string().nullable(),
    last_sync: Instant,
    companies: z.array(z.object({
      realm_id: z.string(),
      company_name: z.string().nullable(),
      status: Status,
      last_sync: Instant,
    })),
  }),
  automation: z.object({ enabled: z.boolean(), active_workflows: z.number().int() }),
  data_quality: z.object({
    score: z.number().nullable().openapi({
      description: "The lowest integrity score (by count or amount), percent",
    }),
    integrity_score: z.object({ by_count: z.number(), by_amount: z.number() }).nullable(),
    unresolved_issues: z.number().int().openapi({
      description: "Discrepancies of the latest reconciliations not resolved",
    }),
  }),
  issues: z.array(Issue),
  recommendations: z.array(z.string()),
}).openapi("IntegrationSummary", {
  description:
    "Portfolio and custom report counts of the seed's enterprise_features are left out: neither exists yet",
});

/** What the integration health routes need from the application. */
export interface IntegrationHealthServices {
  integrationHealth(caller: Caller, requestId: string): Promise<z.infer<typeof IntegrationHealth>>;
  summary(caller: Caller, requestId: string): Promise<z.infer<typeof Summary>>;
  history(
    caller: Caller,
    query: { realm_id?: string; organization_only: boolean; cursor?: string; limit: number },
  ): Promise<z.infer<typeof HealthHistory>>;
}

const SCOPE = "Organization-wide: a property-scoped caller is refused (FORBIDDEN, needs_all_properties).";

export function registerIntegrationHealthRoutes(
  api: ApiApp,
  services: IntegrationHealthServices,
  now: () => Date,
): void {
  api.openapi(
    createRoute({
      method: "get",
      path: "/health/integration",
      tags: ["health"],
      summary: "Integration health of the caller's organization, per company and overall",
      description: "Evaluated on request (and every HEALTH_EVALUATION_SECONDS by the worker) against the " +
        "thresholds in the README; a status change is recorded in the history and the audit trail " +
        "(`health.status_changed`). " + SCOPE,
      ...requires("sync:read"),
      ...unscopedOnly("sync:read"),
      responses: {
        200: {
          description: "Health",
          content: { "application/json": { schema: envelopeOf(IntegrationHealth) } },
        },
      },
    }),
    async (c) =>
      c.json(
        successEnvelope(await services.integrationHealth(c.get("caller"), c.get("requestId")), now()),
        200,
      ),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/health/integration/history",
      tags: ["health"],
      summary: "Recorded integration health status changes, newest first",
      description: "The organization's status changes (`realm_id` null) and its companies'. Filter with " +
        "`realm_id` or `organization_only`; page with `cursor`. " + SCOPE,
      ...requires("sync:read"),
      ...unscopedOnly("sync:read"),
      request: {
        query: z.object({
          realm_id: z.string().min(1).max(32).optional(),
          organization_only: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
          cursor: z.string().min(1).max(40).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "History",
          content: { "application/json": { schema: envelopeOf(HealthHistory) } },
        },
      },
    }),
    async (c) =>
      c.json(successEnvelope(await services.history(c.get("caller"), c.req.valid("query")), now()), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/summary",
      tags: ["health"],
      summary: "One-page overview: connection, last sync, automation, data quality, issues",
      description: "The integration health evaluated now, summarized with the seed's field names. " + SCOPE,
      ...requires("sync:read"),
      ...unscopedOnly("sync:read"),
      responses: {
        200: { description: "Summary", content: { "application/json": { schema: envelopeOf(Summary) } } },
      },
    }),
    async (c) =>
      c.json(successEnvelope(await services.summary(c.get("caller"), c.get("requestId")), now()), 200),
  );
}
