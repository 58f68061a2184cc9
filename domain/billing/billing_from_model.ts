import type { Charge } from "../model/estatecore/charge.ts";
import type { DepositDisposition } from "../model/estatecore/deposit_disposition.ts";
import type { Lease } from "../model/estatecore/lease.ts";
import type { Payment } from "../model/estatecore/payment.ts";
import type { BillingCharge } from "./billing_charge.ts";
import type { DepositTransaction } from "./deposits.ts";
import type { BillingPayment } from "./payment_allocation.ts";
import type { RentSchedule } from "./rent_schedule.ts";

/**
 * The rent schedule of a model lease; the first tenant is the one billed (as in QBO).
 *
 * @example
 * ```ts
 * rentScheduleFromLease(lease).amountCents; // lease.rent.cents
 * ```
 */
export function rentScheduleFromLease(lease: Lease): RentSchedule {
  return {
    leaseId: lease.id,
    tenantId: lease.tenant_ids[0],
    propertyId: lease.property_id,
    amountCents: lease.rent.cents,
    currency: lease.rent.currency,
    dueDay: lease.due_day,
    startDate: lease.start_date,
    endDate: lease.end_date,
  };
}

/**
 * A model charge as billing sees it, or null for a voided charge (it owes nothing).
 *
 * @example
 * ```ts
 * billingChargeFromModel({ ...charge, status: "void" }); // null
 * ```
 */
export function billingChargeFromModel(charge: Charge): BillingCharge | null {
  if (charge.status === "void") return null;
  return {
    key: charge.id,
    leaseId: charge.lease_id,
    tenantId: charge.tenant_id,
    propertyId: charge.property_id,
    type: charge.type,
    period: charge.billing_period,
    dueDate: charge.due_date,
    amountCents: charge.amount.cents,
    currency: charge.amount.currency,
  };
}

/**
 * A model payment as billing payments: one per explicit allocation (each pays only its charge); the
 * unallocated rest is tenant credit and pays nothing. A returned (NSF) or voided payment pays nothing.
 *
 * @example
 * ```ts
 * billingPaymentsFromModel({ ...payment, status: "returned" }); // []
 * ```
 */
export function billingPaymentsFromModel(payment: Payment): BillingPayment[] {
  if (payment.status === "returned" || payment.status === "void") return [];
  return payment.allocations.map((allocation, i) => ({
    id: `${payment.id}#${i}`,
    leaseId: payment.lease_id ?? `tenant:${payment.tenant_id}`,
    date: payment.date,
    amountCents: allocation.amount.cents,
    chargeKey: allocation.charge_id,
  }));
}

/**
 * The deposit movements recorded by a move-out disposition (zero parts omitted).
 *
 * @example
 * ```ts
 * depositTransactionsFromDisposition(disposition).map((t) => t.kind); // ["kept", "applied", "refunded"]
 * ```
 */
export function depositTransactionsFromDisposition(disposition: DepositDisposition): DepositTransaction[] {
  const holder = {
    tenantId: disposition.tenant_id,
    propertyId: disposition.property_id,
    leaseId: disposition.lease_id,
    date: disposition.date,
  };
  const parts: [DepositTransaction["kind"], number][] = [
    ["kept", disposition.kept_for_damages.cents],
    ["applied", disposition.applied_to_unpaid_rent.cents],
    ["refunded", disposition.refund.cents],
  ];
  return parts.filter(([, cents]) => cents > 0).map(([kind, amountCents]) => ({
    ...holder,
    kind,
    amountCents,
  }));
}
