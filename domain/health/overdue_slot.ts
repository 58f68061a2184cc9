import { type Schedule, slotAtOrBefore } from "../automation/schedule.ts";

/**
 * The latest scheduled slot that came due more than `graceMs` before `now` and was never claimed
 * (no scheduled run at or after it), or null: what the health answer reports as a missed slot.
 * Slots at or before `scheduleFrom` were never due.
 *
 * @example
 * ```ts
 * overdueSlot({ kind: "daily", at: "06:00" }, "2026-05-01T00:00:00.000Z", "2026-05-31T06:00:00.000Z",
 *   Date.parse("2026-06-01T08:00:00Z"), 3_600_000); // Date.parse("2026-06-01T06:00:00Z")
 * ```
 */
export function overdueSlot(
  schedule: Schedule,
  scheduleFrom: string,
  latestClaimedSlot: string | null,
  now: number,
  graceMs: number,
): number | null {
  const slot = slotAtOrBefore(schedule, now - graceMs);
  if (slot <= Date.parse(scheduleFrom)) return null;
  if (latestClaimedSlot !== null && Date.parse(latestClaimedSlot) >= slot) return null;
  return slot;
}
