import type { WorkflowName } from "../../domain/automation/workflow_catalog.ts";
import { processDeposits } from "./deposit_processing.ts";
import { processLateFees } from "./late_fee_processing.ts";
import { generateRentInvoices } from "./rent_invoice_generation.ts";
import { runScheduledReconciliation } from "./scheduled_reconciliation.ts";
import { queuePush } from "./sync_workflows.ts";
import type { WorkflowDependencies, WorkflowRequest, WorkflowResult } from "./workflow_dependencies.ts";

/** Runs one workflow as of `request.asOf` (dry or not) and returns its report. */
export function executeWorkflow(
  deps: WorkflowDependencies,
  workflow: WorkflowName,
  request: WorkflowRequest,
): Promise<WorkflowResult> {
  switch (workflow) {
    case "rent_invoice_generation":
      return generateRentInvoices(deps, request);
    case "late_fee_processing":
      return processLateFees(deps, request);
    case "payment_sync":
      return queuePush(deps, request, "payments");
    case "expense_sync":
      return queuePush(deps, request, "expenses");
    case "deposit_processing":
      return processDeposits(deps, request);
    case "scheduled_reconciliation":
      return runScheduledReconciliation(deps, request);
  }
}
