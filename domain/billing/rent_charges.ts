import { type CalendarDate, compareDates } from "../shared/calendar_date.ts";
import { type BillingCharge, chargeKey } from "./billing_charge.ts";
import { type BillingPeriod, billingPeriods } from "./billing_period.ts";
import { prorateCents } from "./proration.ts";
import type { RentSchedule } from "./rent_schedule.ts";

/** A rent charge with the proration facts an accountant needs to check it. */
export interface RentCharge extends BillingCharge {
  readonly type: "rent";
  readonly occupiedFrom: CalendarDate;
  readonly occupiedTo: CalendarDate;
  readonly occupiedDays: number;
  readonly daysInMonth: number;
  readonly prorated: boolean;
}

/**
 * The rent charge of one billing period: the full amount for a whole month, prorated by actual days
 * in the month for a partial first or last month. Due on the schedule's due day (clamped to the
 * month's last day), but never before move-in nor after move-out.
 *
 * @example
 * ```ts
 * const schedule = { leaseId: "l1", tenantId: "t1", propertyId: "p1", amountCents: 150_000,
 *   currency: "USD", dueDay: 1, startDate: "2026-04-17" };
 * const [april] = billingPeriods(schedule.startDate, undefined, "2026-04-30");
 * rentChargeForPeriod(schedule, april).amountCents; // 70_000 (14 of 30 days)
 * ```
 */
export function rentChargeForPeriod(schedule: RentSchedule, period: BillingPeriod): RentCharge {
  const dueDay = Math.min(schedule.dueDay, period.daysInMonth);
  let dueDate = `${period.key}-${String(dueDay).padStart(2, "0")}`;
  if (compareDates(dueDate, period.occupiedFrom) < 0) dueDate = period.occupiedFrom;
  if (compareDates(dueDate, period.occupiedTo) > 0) dueDate = period.occupiedTo;
  return {
    key: chargeKey(schedule.leaseId, period.key, "rent"),
    leaseId: schedule.leaseId,
    tenantId: schedule.tenantId,
    propertyId: schedule.propertyId,
    type: "rent",
    period: period.key,
    dueDate,
    amountCents: prorateCents(schedule.amountCents, period.occupiedDays, period.daysInMonth),
    currency: schedule.currency,
    occupiedFrom: period.occupiedFrom,
    occupiedTo: period.occupiedTo,
    occupiedDays: period.occupiedDays,
    daysInMonth: period.daysInMonth,
    prorated: period.occupiedDays !== period.daysInMonth,
  };
}

/**
 * The rent charges of every period of `schedule` that has started by `throughDate`, minus those whose
 * key is in `existingChargeKeys`. Idempotent per (lease, period): generating twice (feeding the first
 * result's keys back) creates nothing new.
 *
 * @example
 * ```ts
 * const schedule = { leaseId: "l1", tenantId: "t1", propertyId: "p1", amountCents: 150_000,
 *   currency: "USD", dueDay: 1, startDate: "2026-04-17" };
 * const first = generateRentCharges(schedule, "2026-05-31", new Set());
 * first.length; // 2 (April prorated, May full)
 * generateRentCharges(schedule, "2026-05-31", new Set(first.map((c) => c.key))).length; // 0
 * ```
 */
export function generateRentCharges(
  schedule: RentSchedule,
  throughDate: CalendarDate,
  existingChargeKeys: ReadonlySet<string>,
): RentCharge[] {
  return billingPeriods(schedule.startDate, schedule.endDate, throughDate)
    .map((period) => rentChargeForPeriod(schedule, period))
    .filter((charge) => !existingChargeKeys.has(charge.key));
}
