import { billingChargeFromModel, billingPaymentsFromModel } from "../billing/billing_from_model.ts";
import { depositReceipts } from "../billing/deposits.ts";
import { settleDeposit } from "../billing/deposit_settlement.ts";
import { allocatePayments } from "../billing/payment_allocation.ts";
import type { Charge } from "../model/estatecore/charge.ts";
import type { DepositDisposition } from "../model/estatecore/deposit_disposition.ts";
import type { Lease } from "../model/estatecore/lease.ts";
import type { Payment } from "../model/estatecore/payment.ts";
import { type CalendarDate, compareDates, daysBetween } from "../shared/calendar_date.ts";

/** A lease that ended with a deposit still held and no disposition: what the billing core proposes. */
export interface DispositionNeeded {
  readonly leaseId: string;
  readonly tenantId: string;
  readonly propertyId: string;
  readonly endedOn: CalendarDate;
  readonly daysSinceMoveOut: number;
  readonly depositHeldCents: number;
  readonly unpaidChargesCents: number;
  /** Unpaid charges the deposit would cover, oldest first (the disposition's `applied_charges`). */
  readonly proposedAppliedCharges: { readonly chargeId: string; readonly amountCents: number }[];
  readonly proposedAppliedCents: number;
  /** What would be refunded if the inspection finds no damages; damages reduce it. */
  readonly proposedRefundCents: number;
}

/**
 * The move-outs that still need a deposit disposition as of `asOf`: leases whose end date has passed,
 * that hold a deposit (security-deposit charges paid) and have no disposition yet.
 *
 * The automation proposes, it does not decide: a property manager expects the deposit to be settled
 * only after the move-out inspection, because damages can only be known from it and a refund check
 * cannot be taken back. So each entry carries the billing core's settlement with no damages (unpaid
 * charges covered first, oldest first, the rest refundable), and the manager sends the disposition
 * (with any damages) through the records API. Nothing is written.
 *
 * @example
 * ```ts
 * planDepositDispositions([], [], [], [], "2026-07-10"); // []
 * ```
 */
export function planDepositDispositions(
  leases: readonly Lease[],
  charges: readonly Charge[],
  payments: readonly Payment[],
  dispositions: readonly DepositDisposition[],
  asOf: CalendarDate,
): DispositionNeeded[] {
  const disposed = new Set(dispositions.map((d) => d.lease_id));
  const ended = leases.filter((l) =>
    l.end_date !== undefined && compareDates(l.end_date, asOf) < 0 && !disposed.has(l.id)
  );
  if (ended.length === 0) return [];
  const endedIds = new Set(ended.map((l) => l.id));
  const leaseCharges = charges.filter((c) => endedIds.has(c.lease_id)).flatMap((c) => {
    const b = billingChargeFromModel(c);
    return b === null ? [] : [b];
  });
  const leasePayments = payments.filter((p) => p.lease_id !== undefined && endedIds.has(p.lease_id));
  const { allocations } = allocatePayments(leaseCharges, leasePayments.flatMap(billingPaymentsFromModel));
  const paidByCharge = new Map<string, number>();
  for (const a of allocations) {
    paidByCharge.set(a.chargeKey, (paidByCharge.get(a.chargeKey) ?? 0) + a.amountCents);
  }
  const receipts = depositReceipts(leaseCharges, allocations);

  const out: DispositionNeeded[] = [];
  for (const lease of [...ended].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const held = receipts.filter((r) => r.leaseId === lease.id).reduce((s, r) => s + r.amountCents, 0);
    if (held <= 0) continue;
    const open = leaseCharges
      .filter((c) => c.leaseId === lease.id && c.type !== "security_deposit")
      .map((c) => ({
        chargeId: c.key,
        dueDate: c.dueDate,
        openCents: c.amountCents - (paidByCharge.get(c.key) ?? 0),
      }))
      .filter((c) => c.openCents > 0)
      .sort((a, b) => compareDates(a.dueDate, b.dueDate) || (a.chargeId < b.chargeId ? -1 : 1));
    const unpaid = open.reduce((s, c) => s + c.openCents, 0);
    const settlement = settleDeposit(
      { tenantId: lease.tenant_ids[0], propertyId: lease.property_id, leaseId: lease.id },
      held,
      { damagesCents: 0, unpaidChargesCents: unpaid, date: asOf },
    );
    const applied: { chargeId: string; amountCents: number }[] = [];
    let left = settlement.appliedCents;
    for (const c of open) {
      if (left <= 0) break;
      const take = Math.min(left, c.openCents);
      applied.push({ chargeId: c.chargeId, amountCents: take });
      left -= take;
    }
    out.push({
      leaseId: lease.id,
      tenantId: lease.tenant_ids[0],
      propertyId: lease.property_id,
      endedOn: lease.end_date!,
      daysSinceMoveOut: daysBetween(lease.end_date!, asOf),
      depositHeldCents: held,
      unpaidChargesCents: unpaid,
      proposedAppliedCharges: applied,
      proposedAppliedCents: settlement.appliedCents,
      proposedRefundCents: settlement.refundCents,
    });
  }
  return out;
}
