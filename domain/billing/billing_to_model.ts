import type { Charge } from "../model/estatecore/charge.ts";
import type { BillingCharge } from "./billing_charge.ts";

/**
 * A generated charge (rent, late fee) as a model charge, ready for the invoice mapping: id = the
 * charge's deterministic key, service period = the occupied days for rent (the due date otherwise).
 * Returns null for a zero charge: the model only holds positive charges, and there is nothing to bill.
 *
 * @example
 * ```ts
 * const [april] = generateRentCharges(schedule, "2026-04-30", new Set());
 * modelChargeFromBilling(april)?.service_period; // { start: "2026-04-17", end: "2026-04-30" }
 * ```
 */
export function modelChargeFromBilling(
  charge: BillingCharge & { readonly occupiedFrom?: string; readonly occupiedTo?: string },
  description?: string,
): Charge | null {
  if (charge.amountCents <= 0) return null;
  return {
    id: charge.key,
    lease_id: charge.leaseId,
    tenant_id: charge.tenantId,
    property_id: charge.propertyId,
    type: charge.type,
    amount: { cents: charge.amountCents, currency: charge.currency },
    description,
    billing_period: charge.period,
    service_period: {
      start: charge.occupiedFrom ?? charge.dueDate,
      end: charge.occupiedTo ?? charge.dueDate,
    },
    due_date: charge.dueDate,
    status: "open",
  };
}
