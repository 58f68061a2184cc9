import { planLateFees } from "../../domain/automation/late_fee_plan.ts";
import { LateFeeOptionsSchema, toLateFeePolicy } from "../../domain/automation/workflow_options.ts";
import { loadBillingRecords } from "./billing_records.ts";
import { chargeSummary, REPORT_LIST_LIMIT, writeGeneratedCharges } from "./charge_writer.ts";
import type { WorkflowDependencies, WorkflowRequest, WorkflowResult } from "./workflow_dependencies.ts";

/**
 * `late_fee_processing`: assesses the late fees owed as of `asOf` under each property's policy and
 * writes them as `late_fee` charges (ids `lateFeeKey(lease, period, day)`, at most one per lease,
 * period and day); the push gives late fees their own invoice. Fees already on the books count
 * against the caps and are never assessed again.
 */
export async function processLateFees(
  deps: WorkflowDependencies,
  request: WorkflowRequest,
): Promise<WorkflowResult> {
  const options = LateFeeOptionsSchema.parse(request.options);
  const fromDate = options.starts_on ?? request.asOf;
  const records = await loadBillingRecords(deps.mirror, request.orgId, ["charge", "payment"]);
  const plan = planLateFees(
    records.charges,
    records.payments,
    {
      defaultPolicy: options.default_policy && toLateFeePolicy(options.default_policy),
      byProperty: Object.fromEntries(
        Object.entries(options.property_policies).map((
          [property, policy],
        ) => [property, toLateFeePolicy(policy)]),
      ),
    },
    request.asOf,
    fromDate,
  );
  const created = request.dryRun
    ? 0
    : await writeGeneratedCharges(deps.mirror, request.orgId, plan.charges, deps.clock.now().toISOString());
  return {
    charges_due_from: fromDate,
    [request.dryRun ? "would_create" : "fees_created"]: request.dryRun ? plan.charges.length : created,
    total_cents: plan.charges.reduce((s, c) => s + c.amount.cents, 0),
    properties_without_policy: plan.propertiesWithoutPolicy,
    fees: plan.charges.slice(0, REPORT_LIST_LIMIT).map(chargeSummary),
  };
}
