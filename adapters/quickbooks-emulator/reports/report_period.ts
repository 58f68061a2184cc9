import {
  addDays,
  addMonths,
  type CalendarDate,
  dateOfInstant,
  endOfMonth,
  isValidCalendarDate,
  startOfMonth,
} from "../../../domain/shared/calendar_date.ts";
import { ReportError } from "./report_error.ts";
import type { ReportParams } from "./report_input.ts";

/**
 * The date window of a report: explicit `start_date`/`end_date`, else `date_macro`, else the
 * report's default macro. Dates are anchored on the UTC calendar date of the emulator clock, and
 * the fiscal year is the calendar year (the emulator's companies start their fiscal year in January).
 * A lone `start_date` runs to today; a lone `end_date` starts on January 1 of its year.
 */
export interface ReportPeriod {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /** The macro as echoed in `Header.DateMacro` (lower case, as QBO does), when one applied. */
  readonly dateMacro?: string;
}

type Window = { start: CalendarDate; end: CalendarDate };

function startOfYear(date: CalendarDate): CalendarDate {
  return `${date.slice(0, 4)}-01-01`;
}
function endOfYear(date: CalendarDate): CalendarDate {
  return `${date.slice(0, 4)}-12-31`;
}
function startOfQuarter(date: CalendarDate): CalendarDate {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, "0")}-01`;
}
function startOfWeek(date: CalendarDate): CalendarDate {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // Sunday = 0, as QBO's US weeks
  return addDays(date, -weekday);
}

const MACROS: Record<string, (today: CalendarDate) => Window> = {
  "today": (t) => ({ start: t, end: t }),
  "yesterday": (t) => ({ start: addDays(t, -1), end: addDays(t, -1) }),
  "this week": (t) => ({ start: startOfWeek(t), end: addDays(startOfWeek(t), 6) }),
  "this week-to-date": (t) => ({ start: startOfWeek(t), end: t }),
  "last week": (t) => ({ start: addDays(startOfWeek(t), -7), end: addDays(startOfWeek(t), -1) }),
  "this month": (t) => ({ start: startOfMonth(t), end: endOfMonth(t) }),
  "this month-to-date": (t) => ({ start: startOfMonth(t), end: t }),
  "last month": (t) => {
    const previous = addMonths(startOfMonth(t), -1);
    return { start: previous, end: endOfMonth(previous) };
  },
  "last month-to-date": (t) => ({ start: addMonths(startOfMonth(t), -1), end: addMonths(t, -1) }),
  "this quarter": (t) => ({ start: startOfQuarter(t), end: endOfMonth(addMonths(startOfQuarter(t), 2)) }),
  "this quarter-to-date": (t) => ({ start: startOfQuarter(t), end: t }),
  "last quarter": (t) => {
    const previous = addMonths(startOfQuarter(t), -3);
    return { start: previous, end: endOfMonth(addMonths(previous, 2)) };
  },
  "this year": (t) => ({ start: startOfYear(t), end: endOfYear(t) }),
  "this year-to-date": (t) => ({ start: startOfYear(t), end: t }),
  "last year": (t) => ({ start: startOfYear(addMonths(t, -12)), end: endOfYear(addMonths(t, -12)) }),
  "last year-to-date": (t) => ({ start: startOfYear(addMonths(t, -12)), end: addMonths(t, -12) }),
};
// With a January fiscal year, fiscal and calendar years coincide.
for (const kind of ["fiscal", "calendar"]) {
  MACROS[`this ${kind} year`] = MACROS["this year"];
  MACROS[`this ${kind} year-to-date`] = MACROS["this year-to-date"];
  MACROS[`last ${kind} year`] = MACROS["last year"];
  MACROS[`last ${kind} year-to-date`] = MACROS["last year-to-date"];
}

/** The macro names the emulator understands (lower case). */
export const SUPPORTED_DATE_MACROS: readonly string[] = Object.freeze(Object.keys(MACROS));

export function resolveReportPeriod(params: ReportParams, now: Date, defaultMacro: string): ReportPeriod {
  const today = dateOfInstant(now);
  const start = params.start_date ? checkedDate("start_date", params.start_date) : undefined;
  const end = params.end_date ? checkedDate("end_date", params.end_date) : undefined;
  if (start || end) {
    const window = {
      start: start ?? startOfYear(end!),
      end: end ?? (start! > today ? start! : today),
    };
    if (window.start > window.end) {
      throw new ReportError("2070", `start_date ${window.start} is after end_date ${window.end}`);
    }
    return window;
  }
  const macro = (params.date_macro ?? defaultMacro).trim().toLowerCase();
  const resolve = MACROS[macro];
  if (!resolve) throw new ReportError("2170", `Unsupported date_macro: ${params.date_macro}`);
  return { ...resolve(today), dateMacro: macro };
}

/** Validates a `YYYY-MM-DD` parameter (2070 otherwise). */
export function checkedDate(name: string, value: string): CalendarDate {
  if (!isValidCalendarDate(value)) throw new ReportError("2070", `${name} is not a valid date: ${value}`);
  return value;
}

/** First day of the fiscal year containing `date` (January fiscal years). */
export function fiscalYearStart(date: CalendarDate): CalendarDate {
  return startOfYear(date);
}
