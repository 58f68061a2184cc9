/**
 * Composition of automation: the run store, the enable/execute/status use cases behind the
 * automation routes, and the scheduler tick the worker's idle hook calls (`runDueAutomations`).
 * The reconciliation service is injected: without it, scheduled_reconciliation fails with QB008.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerAutomationRoutes } from "../../adapters/http/routes/automation.ts";
import {
  executionRequestOf,
  viewAutomationStatus,
  viewExecution,
  viewWorkflowConfig,
  workflowChangesOf,
} from "../../adapters/http/routes/automation_view.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlAutomationRepository } from "../../adapters/persistence/repositories/automation_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import {
  type AutomationDependencies,
  automationStatus,
  enableWorkflows,
  executeWorkflowNow,
} from "../automation/automation_use_cases.ts";
import { runDueAutomations } from "../automation/run_due_automations.ts";
import type { Reconciler } from "../automation/workflow_dependencies.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { SyncDataWiring } from "./sync_data_wiring.ts";

export interface AutomationWiring {
  readonly dependencies: AutomationDependencies;
  /** One scheduler tick: runs every due slot of every enabled workflow (for the worker's idle hook). */
  runDueAutomations(workerId: string): Promise<{ ran: number; failed: number }>;
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
}

export function wireAutomation(deps: {
  readonly database: Database;
  readonly data: SyncDataWiring;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
  readonly emit: EmitEvent;
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
    atomically: deps.atomically,
    emit: deps.emit,
  };
  const now = () => deps.clock.now();
  const routeModules = [(api: ApiApp) =>
    registerAutomationRoutes(api, {
      enable: async (caller, input, requestId) =>
        (await enableWorkflows(dependencies, caller, workflowChangesOf(input), requestId)).map(
          viewWorkflowConfig,
        ),
      execute: async (caller, input, requestId) => {
        const { workflow, dryRun } = executionRequestOf(input);
        return viewExecution(await executeWorkflowNow(dependencies, caller, workflow, dryRun, requestId));
      },
      status: async (caller, options) =>
        viewAutomationStatus(await automationStatus(dependencies, caller, options)),
    }, now)];
  return {
    dependencies,
    runDueAutomations: (workerId) => runDueAutomations({ ...dependencies, logger: deps.logger, workerId }),
    routeModules,
  };
}
