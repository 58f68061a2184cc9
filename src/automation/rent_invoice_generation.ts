import { planRentInvoices } from "../../domain/automation/rent_invoice_plan.ts";
import { RentInvoiceOptionsSchema } from "../../domain/automation/workflow_options.ts";
import { addDays } from "../../domain/shared/calendar_date.ts";
import { loadBillingRecords } from "./billing_records.ts";
import { chargeSummary, REPORT_LIST_LIMIT, writeGeneratedCharges } from "./charge_writer.ts";
import type { WorkflowDependencies, WorkflowRequest, WorkflowResult } from "./workflow_dependencies.ts";

/**
 * `rent_invoice_generation`: writes each lease's rent charge of every period that has started by
 * `asOf + days_in_advance` (from the period of `starts_on` on) into the mirror, prorated at move-in
 * and move-out. The next push turns them into QBO invoices (one per lease and period). Ids are
 * `chargeKey(lease, period, "rent")`, and a period that already has a rent charge is skipped, so a
 * repeated or resumed run never bills twice.
 */
export async function generateRentInvoices(
  deps: WorkflowDependencies,
  request: WorkflowRequest,
): Promise<WorkflowResult> {
  const options = RentInvoiceOptionsSchema.parse(request.options);
  const throughDate = addDays(request.asOf, options.days_in_advance);
  const fromPeriod = (options.starts_on ?? request.asOf).slice(0, 7);
  const records = await loadBillingRecords(deps.mirror, request.orgId, ["lease", "charge"]);
  const plan = planRentInvoices(records.leases, records.charges, throughDate, fromPeriod);
  const created = request.dryRun
    ? 0
    : await writeGeneratedCharges(deps.mirror, request.orgId, plan.charges, deps.clock.now().toISOString());
  return {
    through_date: throughDate,
    from_period: fromPeriod,
    leases_considered: plan.leasesConsidered,
    periods_already_billed: plan.alreadyBilled,
    [request.dryRun ? "would_create" : "charges_created"]: request.dryRun ? plan.charges.length : created,
    prorated: plan.charges.filter((c) => c.description?.includes("prorated")).length,
    total_cents: plan.charges.reduce((s, c) => s + c.amount.cents, 0),
    charges: plan.charges.slice(0, REPORT_LIST_LIMIT).map(chargeSummary),
    next_step: "the next push (payment_sync, expense_sync or POST /sync) turns these charges into invoices",
  };
}
