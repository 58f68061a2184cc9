import type { OrganizationHealthFacts } from "./health_facts.ts";
import type { HealthCondition } from "./health_issue_codes.ts";

/**
 * The organization's outbound webhook endpoints: one whose deliveries are failing (they retry on
 * their schedule until it is disabled), and one the service disabled (it
 * answered 410, or failed for days). An endpoint a person disabled is their choice, not an issue.
 */
export function webhookConditions(facts: OrganizationHealthFacts): HealthCondition[] {
  const out: HealthCondition[] = [];
  for (const endpoint of facts.webhookEndpoints) {
    const base = {
      component: "outbound_webhooks" as const,
      realmId: null,
      details: { endpoint_id: endpoint.id },
    };
    if (!endpoint.enabled && endpoint.disabledReason !== null) {
      out.push({
        ...base,
        key: `WEBHOOK_ENDPOINT_DISABLED:org:${endpoint.id}`,
        code: "WEBHOOK_ENDPOINT_DISABLED",
        severity: "warning",
        message: `Webhook endpoint ${endpoint.url} was disabled ` +
          (endpoint.disabledReason === "gone"
            ? "(it answered 410 Gone)"
            : "(its deliveries failed for days)"),
        recommendation:
          `Fix the receiver at ${endpoint.url}, enable it again (PATCH /webhook-endpoints/${endpoint.id} ` +
          `with enabled true) and re-send what it missed (POST /webhook-endpoints/${endpoint.id}/recover since ` +
          `${endpoint.failingSince ?? endpoint.updatedAt}); GET /events has every event meanwhile`,
        immediate: true,
        details: { ...base.details, reason: endpoint.disabledReason, disabled_at: endpoint.updatedAt },
      });
      continue;
    }
    // A failure counts toward the status once it held for the hold, as every condition does.
    if (!endpoint.enabled || endpoint.failingSince === null) continue;
    out.push({
      ...base,
      key: `WEBHOOK_ENDPOINT_FAILING:org:${endpoint.id}`,
      code: "WEBHOOK_ENDPOINT_FAILING",
      severity: "warning",
      message: `Deliveries to ${endpoint.url} have failed since ${endpoint.failingSince}`,
      recommendation:
        `Check the receiver at ${endpoint.url} (its attempt log: GET /webhook-endpoints/${endpoint.id}` +
        `/attempts); deliveries are retried on their schedule and the endpoint is disabled if it keeps failing`,
      immediate: false,
      details: { ...base.details, failing_since: endpoint.failingSince },
    });
  }
  return out;
}
