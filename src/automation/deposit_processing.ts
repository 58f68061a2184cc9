import { planDepositDispositions } from "../../domain/automation/deposit_plan.ts";
import { loadBillingRecords } from "./billing_records.ts";
import { REPORT_LIST_LIMIT } from "./charge_writer.ts";
import type { WorkflowDependencies, WorkflowRequest, WorkflowResult } from "./workflow_dependencies.ts";

/**
 * `deposit_processing`: lists the move-outs whose deposit still needs a disposition, each with the
 * billing core's proposal (unpaid charges covered first, the rest refundable before damages). It
 * writes nothing, dry run or not: damages come from the move-out inspection and a refund check cannot
 * be taken back, so the property manager sends the disposition; the push then books it in QBO.
 */
export async function processDeposits(
  deps: WorkflowDependencies,
  request: WorkflowRequest,
): Promise<WorkflowResult> {
  const records = await loadBillingRecords(deps.mirror, request.orgId);
  const needed = planDepositDispositions(
    records.leases,
    records.charges,
    records.payments,
    records.dispositions,
    request.asOf,
  );
  return {
    needs_disposition: needed.length,
    deposits_held_cents: needed.reduce((s, n) => s + n.depositHeldCents, 0),
    move_outs: needed.slice(0, REPORT_LIST_LIMIT).map((n) => ({
      lease_id: n.leaseId,
      tenant_id: n.tenantId,
      property_id: n.propertyId,
      ended_on: n.endedOn,
      days_since_move_out: n.daysSinceMoveOut,
      deposit_held_cents: n.depositHeldCents,
      unpaid_charges_cents: n.unpaidChargesCents,
      proposed: {
        applied_to_unpaid_rent_cents: n.proposedAppliedCents,
        applied_charges: n.proposedAppliedCharges.map((a) => ({
          charge_id: a.chargeId,
          amount_cents: a.amountCents,
        })),
        refund_before_damages_cents: n.proposedRefundCents,
      },
    })),
    action: "send a deposit_disposition record per move-out (with damages, if any); it is pushed to QBO",
  };
}
