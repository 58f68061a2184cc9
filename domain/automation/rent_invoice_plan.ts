import { chargeKey } from "../billing/billing_charge.ts";
import { rentScheduleFromLease } from "../billing/billing_from_model.ts";
import { modelChargeFromBilling } from "../billing/billing_to_model.ts";
import { generateRentCharges, type RentCharge } from "../billing/rent_charges.ts";
import type { Charge } from "../model/estatecore/charge.ts";
import type { Lease } from "../model/estatecore/lease.ts";
import type { CalendarDate } from "../shared/calendar_date.ts";

/** What a rent generation run must write. */
export interface RentInvoicePlan {
  /** New rent charges (ids from `chargeKey(lease, period, "rent")`), one per lease and period. */
  readonly charges: Charge[];
  /** Lease periods in the window that already had a rent charge (of any id, open or void). */
  readonly alreadyBilled: number;
  readonly leasesConsidered: number;
}

/**
 * The rent charges to create so that every lease has one per period from `fromPeriod` through the
 * period containing `throughDate`: the full rent for a whole month, prorated by actual days at
 * move-in and move-out (see domain/billing/proration.ts). A period that already has a rent charge,
 * whatever its id (EstateCore may have sent its own) and even voided (voiding is a decision, not a gap),
 * is never billed again, so running twice, or after a crash, creates nothing new. A zero-amount period
 * gets no charge.
 *
 * @example
 * ```ts
 * const lease = { id: "l1", property_id: "p1", tenant_ids: ["t1"], rent: { cents: 150_000, currency: "USD" },
 *   due_day: 1, start_date: "2026-04-17", security_deposit: { cents: 0, currency: "USD" } };
 * planRentInvoices([lease], [], "2026-05-01", "2026-01").charges.map((c) => [c.billing_period, c.amount.cents]);
 * // [["2026-04", 70_000], ["2026-05", 150_000]]
 * ```
 */
export function planRentInvoices(
  leases: readonly Lease[],
  existingCharges: readonly Charge[],
  throughDate: CalendarDate,
  fromPeriod: string,
): RentInvoicePlan {
  const billed = new Set<string>();
  for (const charge of existingCharges) {
    if (charge.type !== "rent") continue;
    billed.add(charge.id);
    billed.add(chargeKey(charge.lease_id, charge.billing_period, "rent"));
  }
  const charges: Charge[] = [];
  let alreadyBilled = 0;
  for (const lease of leases) {
    const schedule = rentScheduleFromLease(lease);
    const all = generateRentCharges(schedule, throughDate, new Set()).filter((c) => c.period >= fromPeriod);
    for (const rent of all) {
      if (billed.has(rent.key)) {
        alreadyBilled++;
        continue;
      }
      const charge = modelChargeFromBilling(rent, rentDescription(rent));
      if (charge === null) continue;
      charges.push(lease.unit_id ? { ...charge, unit_id: lease.unit_id } : charge);
    }
  }
  return { charges, alreadyBilled, leasesConsidered: leases.length };
}

/** The invoice line text, stating the proration so the tenant and the accountant can check it. */
function rentDescription(rent: RentCharge): string {
  if (!rent.prorated) return `Rent ${rent.period}`;
  return `Rent ${rent.period}, prorated ${rent.occupiedDays}/${rent.daysInMonth} days ` +
    `(${rent.occupiedFrom} to ${rent.occupiedTo})`;
}
