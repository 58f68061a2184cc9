import { z } from "zod";

/**
 * When a workflow runs. Every schedule is in UTC, on purpose: a local-time schedule has slots that do
 * not exist or happen twice when daylight saving time changes (02:30 on the spring-forward night), and
 * a slot must be the same instant for every worker process. An organization that wants "midnight in
 * New York" picks 05:00 UTC. The slot's UTC calendar date is the date the run works "as of".
 *
 * - `monthly`: on `day` of each month at `at` (a day past the month's end means its last day);
 * - `daily`: every day at `at`;
 * - `every_hours`: every `hours` hours, counted from 1970-01-01T00:00Z (so 6 = 00:00, 06:00, ...).
 */
const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time must be HH:MM (UTC)")
  .meta({ description: "`HH:MM`, UTC" });

export const ScheduleSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("monthly"),
    day: z.number().int().min(1).max(31),
    at: TimeOfDaySchema.default("00:00"),
  }).meta({
    id: "MonthlySchedule",
    description: "On `day` of each month at `at` (UTC); a day past the month's end means its last day.",
  }),
  z.strictObject({ kind: z.literal("daily"), at: TimeOfDaySchema.default("00:00") }).meta({
    id: "DailySchedule",
    description: "Every day at `at` (UTC).",
  }),
  z.strictObject({ kind: z.literal("every_hours"), hours: z.number().int().min(1).max(168) }).meta({
    id: "EveryHoursSchedule",
    description: "Every `hours` hours, counted from 1970-01-01T00:00Z (so 6 = 00:00, 06:00, ...).",
  }),
]).meta({ id: "Schedule", description: "When a workflow runs; every schedule is in UTC." });
export type Schedule = z.infer<typeof ScheduleSchema>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function minutesOf(at: string): number {
  const [h, m] = at.split(":").map(Number);
  return h * 60 + m;
}

/** The monthly slot of the month `monthIndex` months after January 1970. */
function monthlySlot(day: number, at: string, monthIndex: number): number {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(1970 + year, month + 1, 0)).getUTCDate();
  return Date.UTC(1970 + year, month, Math.min(day, lastDay)) + minutesOf(at) * 60_000;
}

function monthIndexOf(ms: number): number {
  const d = new Date(ms);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/**
 * The latest slot of `schedule` at or before the instant `ms` (epoch milliseconds).
 *
 * @example
 * ```ts
 * new Date(slotAtOrBefore({ kind: "monthly", day: 1, at: "00:00" }, Date.parse("2026-03-15T10:00:00Z")))
 *   .toISOString(); // "2026-03-01T00:00:00.000Z"
 * ```
 */
export function slotAtOrBefore(schedule: Schedule, ms: number): number {
  switch (schedule.kind) {
    case "every_hours": {
      const period = schedule.hours * HOUR_MS;
      return Math.floor(ms / period) * period;
    }
    case "daily": {
      const slot = Math.floor(ms / DAY_MS) * DAY_MS + minutesOf(schedule.at) * 60_000;
      return slot <= ms ? slot : slot - DAY_MS;
    }
    case "monthly": {
      const month = monthIndexOf(ms);
      const slot = monthlySlot(schedule.day, schedule.at, month);
      return slot <= ms ? slot : monthlySlot(schedule.day, schedule.at, month - 1);
    }
  }
}

/**
 * The first slot of `schedule` strictly after the instant `ms`.
 *
 * @example
 * ```ts
 * new Date(nextSlotAfter({ kind: "daily", at: "06:00" }, Date.parse("2026-03-15T06:00:00Z")))
 *   .toISOString(); // "2026-03-16T06:00:00.000Z"
 * ```
 */
export function nextSlotAfter(schedule: Schedule, ms: number): number {
  switch (schedule.kind) {
    case "every_hours": {
      const period = schedule.hours * HOUR_MS;
      return (Math.floor(ms / period) + 1) * period;
    }
    case "daily": {
      const slot = Math.floor(ms / DAY_MS) * DAY_MS + minutesOf(schedule.at) * 60_000;
      return slot > ms ? slot : slot + DAY_MS;
    }
    case "monthly": {
      const month = monthIndexOf(ms);
      const slot = monthlySlot(schedule.day, schedule.at, month);
      return slot > ms ? slot : monthlySlot(schedule.day, schedule.at, month + 1);
    }
  }
}
