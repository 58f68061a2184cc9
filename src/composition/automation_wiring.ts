/**
 * Composition of automation: the run store, the enable/execute/status use cases behind the
 * automation routes, and the scheduler tick the worker's idle hook calls (`runDueAutomations`).
 * The reconciliation service is injected: without it, scheduled_reconciliation fails with QB008.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { type AutomationRunView, registerAutomationRoutes } from "../../adapters/http/routes/automation.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlAutomationRepository } from "../../adapters/persistence/repositories/automation_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { WorkflowRun } from "../../domain/ports/automation_repository.ts";
import {
  type AutomationDependencies,
  automationStatus,
  enableWorkflows,
  executeWorkflowNow,
} from "../automation/automation_use_cases.ts";
import { runDueAutomations } from "../automation/run_due_automations.ts";
import type { Reconciler } from "../automation/workflow_dependencies.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { SyncDataWiring } from "./sync_data_wiring.ts";

export interface AutomationWiring {
  readonly dependencies: AutomationDependencies;
  /** One scheduler tick: runs every due slot of every enabled workflow (for the worker's idle hook). */
  runDueAutomations(workerId: string): Promise<{ ran: number; failed: number }>;
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
}

function runView(run: WorkflowRun): AutomationRunView {
  return {
    id: run.id,
    workflow: run.workflow,
    slot: run.slot,
    trigger: run.trigger,
    as_of: run.asOf,
    status: run.status,
    attempts: run.attempts,
    result: run.result === null ? null : { ...run.result },
    error: run.errorCode
      ? {
        code: run.errorCode,
        message: run.errorMessage ?? "",
        cause: run.errorCause === null ? null : { ...run.errorCause },
      }
      : null,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
  };
}

export function wireAutomation(deps: {
  readonly database: Database;
  readonly data: SyncDataWiring;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
  readonly audit: AuditTrail;
  readonly reconcile: Reconciler | null;
}): AutomationWiring {
  const dependencies: AutomationDependencies = {
    mirror: deps.data.mirror,
    jobs: deps.data.jobs,
    connections: deps.connections,
    clock: deps.clock,
    ids: deps.ids,
    reconcile: deps.reconcile,
    automation: new SqlAutomationRepository(deps.database),
    audit: deps.audit,
  };
  const now = () => deps.clock.now();
  const routeModules = [(api: ApiApp) =>
    registerAutomationRoutes(api, {
      enable: async (caller, input, requestId) =>
        (await enableWorkflows(
          dependencies,
          caller,
          input.workflows.map((w) => ({
            workflow: w.name,
            enabled: w.enabled,
            schedule: w.schedule,
            missedSlots: w.missed_slot_policy,
            options: w.options,
          })),
          requestId,
        )).map((c) => ({
          workflow: c.workflow,
          enabled: c.enabled,
          schedule: { ...c.schedule },
          missed_slot_policy: c.missedSlots,
          options: { ...c.options },
          version: c.version,
          updated_at: c.updatedAt,
        })),
      execute: async (caller, input, requestId) => {
        const outcome = await executeWorkflowNow(
          dependencies,
          caller,
          input.workflow,
          input.dry_run,
          requestId,
        );
        return outcome.dryRun
          ? {
            dry_run: true,
            workflow: outcome.workflow,
            as_of: outcome.asOf,
            run: null,
            result: outcome.result,
          }
          : {
            dry_run: false,
            workflow: outcome.run.workflow,
            as_of: outcome.run.asOf,
            run: runView(outcome.run),
            result: outcome.run.result === null ? null : { ...outcome.run.result },
          };
      },
      status: async (caller, options) => {
        const status = await automationStatus(dependencies, caller, options);
        return {
          time_zone: "UTC" as const,
          workflows: status.workflows.map((w) => ({
            workflow: w.workflow,
            configured: w.configured,
            enabled: w.enabled,
            schedule: { ...w.schedule },
            missed_slot_policy: w.missedSlots,
            default_missed_slot_policy_reason: w.missedSlotsWhy,
            options: { ...w.options },
            next_run_at: w.nextRunAt,
            last_run: w.lastRun ? runView(w.lastRun) : null,
            recent_failures: w.recentFailures.map(runView),
          })),
          recent_runs: status.recentRuns.map(runView),
        };
      },
    }, now)];
  return {
    dependencies,
    runDueAutomations: (workerId) => runDueAutomations({ ...dependencies, logger: deps.logger, workerId }),
    routeModules,
  };
}
