import { z } from "zod";

/**
 * A calendar date (`YYYY-MM-DD`), with no time and no zone: rent is due on a day, not an instant.
 * All arithmetic is done on UTC midnights so no local time zone leaks in.
 *
 * @example
 * ```ts
 * addDays("2026-01-31", 1); // "2026-02-01"
 * daysInMonth("2024-02-10"); // 29
 * ```
 */
export const CalendarDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD")
  .refine(isValidCalendarDate, "not a real calendar date")
  .meta({ format: "date", description: "A calendar date, `YYYY-MM-DD`." });
export type CalendarDate = string;

const MS_PER_DAY = 86_400_000;

/** True for a well-formed, existing date such as 2024-02-29 (false for 2023-02-29). */
export function isValidCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function toUtc(date: CalendarDate): number {
  if (!isValidCalendarDate(date)) throw new RangeError(`invalid calendar date: ${date}`);
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` days after (or before, if negative) `date`. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtc(toUtc(date) + days * MS_PER_DAY);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / MS_PER_DAY);
}

/** Number of days in the month that contains `date`. */
export function daysInMonth(date: CalendarDate): number {
  const [y, m] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** First day of the month that contains `date`. */
export function startOfMonth(date: CalendarDate): CalendarDate {
  return `${date.slice(0, 7)}-01`;
}

/** Last day of the month that contains `date`. */
export function endOfMonth(date: CalendarDate): CalendarDate {
  return `${date.slice(0, 7)}-${String(daysInMonth(date)).padStart(2, "0")}`;
}

/** `date` moved by `months` months, clamped to the last day of the target month (Jan 31 + 1 = Feb 28/29). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const dim = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, dim));
  return fromUtc(target.getTime());
}

/** -1, 0 or 1: lexical order of ISO dates is calendar order. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar date of an instant in UTC. */
export function dateOfInstant(instant: Date): CalendarDate {
  return instant.toISOString().slice(0, 10);
}
