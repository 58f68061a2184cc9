/**
 * Integration health of an organization (GET /health/integration, GET /summary, the worker's
 * periodic evaluation): gathers the facts (database, this process's QuickBooks call figures and
 * circuit breakers, the automation schedule), evaluates them against the previous stored state,
 * stores the new state and records each status change in the history and the audit trail.
 */
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { requireVisible } from "../../domain/access/authorize.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { Caller } from "../../domain/access/caller.ts";
import {
  evaluateHealth,
  type HealthEvaluation,
  type HealthStatusChange,
} from "../../domain/health/evaluate_health.ts";
import type { OrganizationHealthFacts } from "../../domain/health/health_facts.ts";
import type { HealthThresholds } from "../../domain/health/health_thresholds.ts";
import { overdueSlot } from "../../domain/health/overdue_slot.ts";
import type { AutomationRepository } from "../../domain/ports/automation_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { HealthFactsReader } from "../../domain/ports/health_facts_reader.ts";
import type {
  HealthHistoryPage,
  IntegrationHealthStore,
} from "../../domain/ports/integration_health_store.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksCallStats } from "../../domain/ports/quickbooks_call_stats.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import { QUICKBOOKS_RATE_LIMITS } from "../../domain/ports/rate_budget.ts";

export interface IntegrationHealthDependencies {
  readonly facts: HealthFactsReader;
  readonly store: IntegrationHealthStore;
  readonly automation: Pick<AutomationRepository, "listConfigs" | "latestScheduledRun">;
  readonly gateway: Pick<QuickBooksGateway, "circuitReport">;
  readonly calls: Pick<QuickBooksCallStats, "lastHour">;
  readonly thresholds: HealthThresholds;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Announces `health.status_changed` (the outbound event log). */
  readonly emit: EmitEvent;
  readonly atomically: Atomically;
  readonly logger: Logger;
}

/** The actor of health records in the audit trail. */
export const HEALTH_ACTOR = "system:health";
/** Failing records read per company: enough to group by code, bounded for large pushes. */
const MAX_FAILING_PER_COMPANY = 500;
/** Saves lost to a concurrent evaluation before this one gives up recording (it still answers). */
const SAVE_ATTEMPTS = 3;

/** Everything the evaluator needs about the organization at `now`. */
export async function gatherHealthFacts(
  deps: Omit<IntegrationHealthDependencies, "store" | "audit" | "logger">,
  orgId: string,
  now: Date,
): Promise<OrganizationHealthFacts> {
  const t = deps.thresholds;
  const [stored, configs] = await Promise.all([
    deps.facts.read(orgId, now, {
      failedRunsSince: new Date(now.getTime() - t.automationWindowHours * 3_600_000),
      maxFailingPerCompany: MAX_FAILING_PER_COMPANY,
    }),
    deps.automation.listConfigs(orgId),
  ]);
  const enabled = configs.filter((c) => c.enabled);
  const missedSlots = (await Promise.all(enabled.map(async (config) => {
    const latest = await deps.automation.latestScheduledRun(orgId, config.workflow);
    const slot = overdueSlot(
      config.schedule,
      config.scheduleFrom,
      latest?.slot ?? null,
      now.getTime(),
      t.missedSlotGraceMinutes * 60_000,
    );
    return slot === null ? [] : [{ workflow: config.workflow, slot: new Date(slot).toISOString() }];
  }))).flat();
  return {
    orgId,
    companies: stored.companies.map(({ rateBudgetUsedLastMinute, ...company }) => ({
      ...company,
      api: deps.calls.lastHour(company.realmId, now),
      circuit: deps.gateway.circuitReport(company.realmId),
      rateBudget: { usedLastMinute: rateBudgetUsedLastMinute, perMinute: QUICKBOOKS_RATE_LIMITS.perMinute },
    })),
    automation: { enabledWorkflows: enabled.length, failedRuns: stored.failedAutomationRuns, missedSlots },
    webhookEndpoints: stored.webhookEndpoints,
  };
}

/**
 * Evaluates the organization's health now and records it: the new state is saved against the
 * version it was evaluated from (a concurrent evaluation that saved first makes this one evaluate
 * again from the newer state), and each status change goes to the history, to the audit trail as
 * `health.status_changed` and to the outbound events, in one unit of work with the state. Returns
 * the evaluation and its facts.
 */
export async function evaluateIntegrationHealth(
  deps: IntegrationHealthDependencies,
  orgId: string,
  requestId: string | null = null,
): Promise<
  { readonly evaluation: HealthEvaluation; readonly facts: OrganizationHealthFacts; readonly at: Date }
> {
  const now = deps.clock.now();
  const facts = await gatherHealthFacts(deps, orgId, now);
  let evaluation: HealthEvaluation | null = null;
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const previous = await deps.store.get(orgId);
    evaluation = evaluateHealth(facts, deps.thresholds, previous, now);
    if (previous !== null && evaluation.changes.length === 0 && unchanged(previous, evaluation)) break;
    const changes = evaluation.changes;
    const state = evaluation.state;
    const saved = await deps.atomically(async () => {
      if (!await deps.store.save(orgId, state, previous?.version ?? 0, changes)) return false;
      for (const change of changes) await recordChange(deps, orgId, change, requestId);
      return true;
    });
    if (saved) {
      if (evaluation.changes.length > 0) {
        deps.logger.info("integration health changed", {
          org_id: orgId,
          changes: evaluation.changes.map((c) => ({ realm_id: c.realmId, from: c.from, to: c.to })),
        });
      }
      break;
    }
    if (attempt === SAVE_ATTEMPTS - 1) {
      deps.logger.warn("integration health not recorded: concurrent evaluations kept saving first", {
        org_id: orgId,
      });
    }
  }
  return { evaluation: evaluation!, facts, at: now };
}

/**
 * A status change in the audit trail and, when the status was known before (not at the first
 * evaluation), as a `health.status_changed` event; both commit with the saved state.
 */
async function recordChange(
  deps: Pick<IntegrationHealthDependencies, "audit" | "emit">,
  orgId: string,
  change: HealthStatusChange,
  requestId: string | null,
): Promise<void> {
  await deps.audit({
    orgId,
    at: change.at,
    actor: HEALTH_ACTOR,
    action: "health.status_changed",
    target: change.realmId === null ? `organization:${orgId}` : `realm:${change.realmId}`,
    details: { from: change.from, to: change.to, issue_codes: change.issueCodes },
    requestId,
  });
  if (change.from === null) return;
  await deps.emit(orgId, "health.status_changed", {
    realm_id: change.realmId,
    from: change.from,
    to: change.to,
    issue_codes: [...change.issueCodes],
    link: "/health/integration",
  }, change.at);
}

/** Nothing to write when no condition appeared, moved phase or disappeared (statuses equal too). */
function unchanged(previous: { conditions: readonly unknown[] }, evaluation: HealthEvaluation): boolean {
  return JSON.stringify(previous.conditions) === JSON.stringify(evaluation.state.conditions);
}

/**
 * The caller's organization health (`sync:read`). Health is organization-wide (connections, the
 * QuickBooks API, every property's failing records), so a property-scoped caller is refused with
 * FORBIDDEN `needs_all_properties`, as for organization-wide reconciliation reports.
 */
export async function integrationHealthFor(
  deps: IntegrationHealthDependencies,
  caller: Caller,
  requestId: string | null,
) {
  requireVisible(caller, "sync:read", null);
  return await evaluateIntegrationHealth(deps, caller.orgId, requestId);
}

/** The organization's recorded status changes, newest first (`sync:read`, organization-wide like health). */
export async function integrationHealthHistory(
  deps: Pick<IntegrationHealthDependencies, "store">,
  caller: Caller,
  query: { readonly realmId?: string | null; readonly cursor?: string; readonly limit: number },
): Promise<HealthHistoryPage> {
  requireVisible(caller, "sync:read", null);
  return await deps.store.history(caller.orgId, query);
}

/**
 * The worker's periodic evaluation: every organization with a connected company (or one that needs
 * re-authorization) is evaluated and its changes recorded. One organization's failure is logged and
 * does not stop the others.
 */
export async function evaluateAllOrganizations(
  deps: IntegrationHealthDependencies & {
    readonly connections: {
      listByStatus(status: "connected" | "needs_reauthorization"): Promise<{ orgId: string }[]>;
    };
  },
): Promise<{ readonly evaluated: number; readonly failed: number; readonly changes: number }> {
  const orgIds = new Set<string>();
  for (const status of ["connected", "needs_reauthorization"] as const) {
    for (const connection of await deps.connections.listByStatus(status)) orgIds.add(connection.orgId);
  }
  let evaluated = 0, failed = 0, changes = 0;
  for (const orgId of [...orgIds].sort()) {
    try {
      changes += (await evaluateIntegrationHealth(deps, orgId)).evaluation.changes.length;
      evaluated += 1;
    } catch (error) {
      failed += 1;
      deps.logger.error("integration health evaluation failed", { org_id: orgId, error });
    }
  }
  return { evaluated, failed, changes };
}
