import {
  type CalendarDate,
  compareDates,
  daysBetween,
  daysInMonth,
  endOfMonth,
  startOfMonth,
} from "../shared/calendar_date.ts";

/** One calendar month of a lease, with the days the lease actually covers inside it. */
export interface BillingPeriod {
  /** `YYYY-MM`. */
  readonly key: string;
  readonly monthStart: CalendarDate;
  readonly monthEnd: CalendarDate;
  /** First day the lease covers in this month. */
  readonly occupiedFrom: CalendarDate;
  /** Last day the lease covers in this month (inclusive). */
  readonly occupiedTo: CalendarDate;
  readonly occupiedDays: number;
  readonly daysInMonth: number;
}

/**
 * The calendar-month billing periods of a lease from `startDate` to `endDate` (inclusive, open-ended
 * when absent), limited to periods whose first occupied day is on or before `throughDate`.
 * Returns [] when the lease ends before it starts.
 *
 * @example
 * ```ts
 * billingPeriods("2026-04-17", "2026-06-10", "2026-12-31").map((p) => [p.key, p.occupiedDays]);
 * // [["2026-04", 14], ["2026-05", 31], ["2026-06", 10]]
 * ```
 */
export function billingPeriods(
  startDate: CalendarDate,
  endDate: CalendarDate | undefined,
  throughDate: CalendarDate,
): BillingPeriod[] {
  const periods: BillingPeriod[] = [];
  if (endDate !== undefined && compareDates(endDate, startDate) < 0) return periods;
  let monthStart = startOfMonth(startDate);
  while (true) {
    const monthEnd = endOfMonth(monthStart);
    const occupiedFrom = compareDates(startDate, monthStart) > 0 ? startDate : monthStart;
    if (compareDates(occupiedFrom, throughDate) > 0) break;
    if (endDate !== undefined && compareDates(occupiedFrom, endDate) > 0) break;
    const occupiedTo = endDate !== undefined && compareDates(endDate, monthEnd) < 0 ? endDate : monthEnd;
    periods.push({
      key: monthStart.slice(0, 7),
      monthStart,
      monthEnd,
      occupiedFrom,
      occupiedTo,
      occupiedDays: daysBetween(occupiedFrom, occupiedTo) + 1,
      daysInMonth: daysInMonth(monthStart),
    });
    monthStart = nextMonthStart(monthStart);
  }
  return periods;
}

function nextMonthStart(monthStart: CalendarDate): CalendarDate {
  const [y, m] = monthStart.split("-").map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}
