import { automationConditions } from "./automation_conditions.ts";
import { apiConditions, connectionConditions, dataQualityConditions } from "./company_conditions.ts";
import type { CompanyHealthFacts, OrganizationHealthFacts } from "./health_facts.ts";
import type { AddCondition, HealthCondition } from "./health_issue_codes.ts";
import type { HealthThresholds } from "./health_thresholds.ts";
import { syncConditions } from "./sync_conditions.ts";
import { webhookConditions } from "./webhook_conditions.ts";

/**
 * Every condition the facts show at `now` under the thresholds, organization-wide and per company
 * (disconnected companies are left out: disconnecting is a choice).
 *
 * @example
 * ```ts
 * healthConditions({ orgId: "o", companies: [], automation: { enabledWorkflows: 0, failedRuns: [], missedSlots: [] } },
 *   thresholds, new Date()).map((c) => c.code); // ["NO_COMPANY_CONNECTED"]
 * ```
 */
export function healthConditions(
  facts: OrganizationHealthFacts,
  thresholds: HealthThresholds,
  now: Date,
): HealthCondition[] {
  const conditions: HealthCondition[] = [];
  const live = facts.companies.filter((c) => c.connectionStatus !== "disconnected");
  if (live.length === 0) {
    conditions.push({
      key: "NO_COMPANY_CONNECTED",
      code: "NO_COMPANY_CONNECTED",
      severity: "info",
      component: "connection",
      realmId: null,
      message: "No QuickBooks company is connected",
      recommendation: "Connect a QuickBooks company: POST /connect starts the authorization",
      immediate: true,
      details: {},
    });
  }
  for (const company of live) conditions.push(...companyConditions(company, thresholds, now));
  conditions.push(...automationConditions(facts, thresholds));
  conditions.push(...webhookConditions(facts));
  return conditions;
}

function companyConditions(c: CompanyHealthFacts, t: HealthThresholds, now: Date): HealthCondition[] {
  const out: HealthCondition[] = [];
  const name = c.companyName ?? `realm ${c.realmId}`;
  const add: AddCondition = (code, severity, component, message, recommendation, details = {}, subject) =>
    void out.push({
      key: `${code}:${c.realmId}${subject === undefined ? "" : `:${subject}`}`,
      code,
      severity,
      component,
      realmId: c.realmId,
      message,
      recommendation,
      immediate: code === "CONNECTION_NEEDS_REAUTHORIZATION",
      details,
    });

  if (c.connectionStatus === "needs_reauthorization") {
    const failure = c.connection.lastFailure;
    add(
      "CONNECTION_NEEDS_REAUTHORIZATION",
      "critical",
      "connection",
      `QuickBooks no longer accepts the tokens of ${name}${failure ? `: ${failure.message}` : ""}`,
      `Re-authorize QuickBooks for ${name} now (POST /connect); nothing syncs with realm ${c.realmId} until then`,
      failure ? { last_failure_code: failure.code, last_failure_at: failure.at } : {},
    );
    return out;
  }
  connectionConditions(c, t, now, add, name);
  apiConditions(c, t, add);
  syncConditions(c, t, now, add);
  dataQualityConditions(c, t, now, add);
  return out;
}
