import type { WorkflowName } from "../../domain/automation/workflow_catalog.ts";
import { isDomainError } from "../../domain/errors.ts";
import type {
  AutomationRepository,
  RunOutcome,
  WorkflowRun,
} from "../../domain/ports/automation_repository.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { executeWorkflow } from "./execute_workflow.ts";
import type { WorkflowDependencies } from "./workflow_dependencies.ts";

/** What running a claimed slot needs: the workflows' dependencies plus the run store and audit. */
export interface RunDependencies extends WorkflowDependencies {
  readonly automation: AutomationRepository;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
  /** Announces what happened (outbound events), in the same unit of work as the change. */
  readonly emit: EmitEvent;
}

/**
 * The outcome of a failed run: always QB008 ("an automation workflow run failed"), with the cause
 * (the underlying error's code, message and details) so the status page says what to fix.
 */
export function failureOutcome(error: unknown): RunOutcome {
  const cause = isDomainError(error)
    ? { code: error.code, message: error.message, details: { ...error.details } }
    : { code: "INTERNAL_ERROR", message: error instanceof Error ? error.message : String(error) };
  return {
    status: "failed",
    result: null,
    errorCode: "QB008",
    errorMessage: `The automation workflow run failed: ${cause.message}`,
    errorCause: cause,
  };
}

/**
 * Runs the workflow of a run this process has claimed, then records the outcome if it still holds
 * the lease (a worker that lost it to a takeover leaves the record to the new holder; the workflow's
 * writes are idempotent, so the double execution writes nothing twice). Returns the finished run as
 * stored, or null when the lease was lost.
 */
export async function runClaimedSlot(
  deps: RunDependencies,
  run: WorkflowRun,
  options: Readonly<Record<string, unknown>>,
  actor: string,
): Promise<WorkflowRun | null> {
  let outcome: RunOutcome;
  try {
    const result = await executeWorkflow(deps, run.workflow as WorkflowName, {
      orgId: run.orgId,
      asOf: run.asOf,
      options,
      dryRun: false,
    });
    outcome = { status: "succeeded", result };
  } catch (error) {
    outcome = failureOutcome(error);
  }
  const now = deps.clock.now().toISOString();
  // The run's end and its audit entry commit together.
  const recorded = await deps.atomically(async () => {
    if (!await deps.automation.finishRun(run.id, run.leaseOwner ?? "", outcome, now)) return false;
    await deps.audit({
      orgId: run.orgId,
      at: now,
      actor,
      action: outcome.status === "succeeded" ? "automation.run_succeeded" : "automation.run_failed",
      target: `automation:${run.workflow}`,
      details: {
        run_id: run.id,
        slot: run.slot,
        as_of: run.asOf,
        attempt: run.attempts,
        ...(outcome.errorCause ? { cause_code: outcome.errorCause.code } : {}),
      },
      requestId: null,
    });
    const announced = {
      run_id: run.id,
      workflow: run.workflow,
      as_of: run.asOf,
      trigger: run.trigger,
      link: "/automation/status",
    };
    if (outcome.status === "succeeded") {
      await deps.emit(run.orgId, "automation.run.completed", announced, now);
    } else {
      await deps.emit(run.orgId, "automation.run.failed", {
        ...announced,
        code: String(outcome.errorCause?.code ?? "INTERNAL_ERROR"),
      }, now);
    }
    return true;
  });
  if (!recorded) return null;
  return await deps.automation.getRun(run.orgId, run.id);
}
