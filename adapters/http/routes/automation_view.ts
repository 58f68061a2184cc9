/**
 * The automation routes' shapes: requests as the use cases take them, and runs, configurations,
 * executions and the status page as the API shows them (snake_case, UTC).
 */
import type { WorkflowStatus } from "../../../domain/automation/workflow_status.ts";
import type { WorkflowName } from "../../../domain/automation/workflow_catalog.ts";
import type { WorkflowConfig, WorkflowRun } from "../../../domain/ports/automation_repository.ts";
import type {
  AutomationConfigView,
  AutomationEnableInput,
  AutomationExecutionView,
  AutomationRunView,
  AutomationStatusView,
} from "./automation.ts";

/** The workflows of `POST /automation/enable`, as the enable use case takes them. */
export function workflowChangesOf(input: AutomationEnableInput) {
  return input.workflows.map((w) => ({
    workflow: w.name,
    enabled: w.enabled,
    schedule: w.schedule,
    missedSlots: w.missed_slot_policy,
    options: w.options,
  }));
}

/** The body of `POST /automation/execute`, as the execute use case takes it. */
export function executionRequestOf(input: { readonly workflow: WorkflowName; readonly dry_run: boolean }) {
  return { workflow: input.workflow, dryRun: input.dry_run };
}

/** A run as the API shows it: the failure, when there is one, with its code, message and cause. */
export function viewRun(run: WorkflowRun): AutomationRunView {
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

/** A saved workflow configuration as the API shows it. */
export function viewWorkflowConfig(c: WorkflowConfig): AutomationConfigView {
  return {
    workflow: c.workflow,
    enabled: c.enabled,
    schedule: { ...c.schedule },
    missed_slot_policy: c.missedSlots,
    options: { ...c.options },
    version: c.version,
    updated_at: c.updatedAt,
  };
}

/** What `POST /automation/execute` answers: the stored run, or the dry run's report. */
export function viewExecution(
  outcome:
    | { readonly dryRun: false; readonly run: WorkflowRun }
    | {
      readonly dryRun: true;
      readonly workflow: WorkflowName;
      readonly asOf: string;
      readonly result: Record<string, unknown>;
    },
): AutomationExecutionView {
  return outcome.dryRun
    ? { dry_run: true, workflow: outcome.workflow, as_of: outcome.asOf, run: null, result: outcome.result }
    : {
      dry_run: false,
      workflow: outcome.run.workflow,
      as_of: outcome.run.asOf,
      run: viewRun(outcome.run),
      result: outcome.run.result === null ? null : { ...outcome.run.result },
    };
}

/** The status page as the API shows it (all schedules are UTC). */
export function viewAutomationStatus(status: {
  readonly workflows: readonly WorkflowStatus[];
  readonly recentRuns: readonly WorkflowRun[];
}): AutomationStatusView {
  return {
    time_zone: "UTC",
    workflows: status.workflows.map((w) => ({
      workflow: w.workflow,
      configured: w.configured,
      enabled: w.enabled,
      schedule: { ...w.schedule },
      missed_slot_policy: w.missedSlots,
      default_missed_slot_policy_reason: w.missedSlotsWhy,
      options: { ...w.options },
      next_run_at: w.nextRunAt,
      last_run: w.lastRun ? viewRun(w.lastRun) : null,
      recent_failures: w.recentFailures.map(viewRun),
    })),
    recent_runs: status.recentRuns.map(viewRun),
  };
}
