import { ReconciliationOptionsSchema } from "../../domain/automation/workflow_options.ts";
import { DomainError } from "../../domain/errors.ts";
import type { WorkflowDependencies, WorkflowRequest, WorkflowResult } from "./workflow_dependencies.ts";

/**
 * `scheduled_reconciliation`: runs the injected reconciliation over the last `period_days` days. When
 * no reconciliation service is wired, the run fails with QB008 rather than report a made-up result.
 * A dry run reports what it would reconcile.
 */
export async function runScheduledReconciliation(
  deps: WorkflowDependencies,
  request: WorkflowRequest,
): Promise<WorkflowResult> {
  const options = ReconciliationOptionsSchema.parse(request.options);
  if (deps.reconcile === null) {
    throw new DomainError("QB008", "reconciliation is not available", {
      workflow: "scheduled_reconciliation",
    });
  }
  if (request.dryRun) return { would_reconcile_days: options.period_days };
  const summary = await deps.reconcile(request.orgId, { periodDays: options.period_days });
  return {
    period_days: options.period_days,
    report_id: summary.reportId,
    integrity_score: summary.integrityScore,
    discrepancies_found: summary.discrepanciesFound,
  };
}
