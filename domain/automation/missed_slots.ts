import { nextSlotAfter, type Schedule, slotAtOrBefore } from "./schedule.ts";

/**
 * What a scheduler does with slots that passed while no worker ran (downtime, a long outage):
 * `catch_up` runs every missed slot, oldest first; `skip` runs only the latest one (the older ones
 * are never run and never shown as runs).
 */
export type MissedSlotPolicy = "catch_up" | "skip";

/**
 * The slots due at `now`: those after `after` (exclusive; the later of "when the schedule started
 * counting" and the last slot already claimed) and at or before `now`, under the missed-slot
 * policy, oldest first, at most `limit`.
 *
 * @example
 * ```ts
 * const monthly = { kind: "monthly" as const, day: 1, at: "00:00" };
 * dueSlots(monthly, "catch_up", Date.parse("2026-01-15T00:00:00Z"), Date.parse("2026-04-02T00:00:00Z"), 10)
 *   .map((ms) => new Date(ms).toISOString().slice(0, 10)); // ["2026-02-01", "2026-03-01", "2026-04-01"]
 * dueSlots(monthly, "skip", Date.parse("2026-01-15T00:00:00Z"), Date.parse("2026-04-02T00:00:00Z"), 10)
 *   .map((ms) => new Date(ms).toISOString().slice(0, 10)); // ["2026-04-01"]
 * ```
 */
export function dueSlots(
  schedule: Schedule,
  policy: MissedSlotPolicy,
  after: number,
  now: number,
  limit: number,
): number[] {
  const latest = slotAtOrBefore(schedule, now);
  if (latest <= after || limit <= 0) return [];
  if (policy === "skip") return [latest];
  const slots: number[] = [];
  for (let slot = nextSlotAfter(schedule, after); slot <= now && slots.length < limit;) {
    slots.push(slot);
    slot = nextSlotAfter(schedule, slot);
  }
  return slots;
}

/**
 * When the workflow runs next as seen at `now`: the oldest due slot if one is waiting (it runs at the
 * next scheduler tick), else the first future slot.
 *
 * @example
 * ```ts
 * const daily = { kind: "daily" as const, at: "06:00" };
 * new Date(nextRunAt(daily, "skip", Date.parse("2026-03-01T00:00:00Z"), Date.parse("2026-03-01T05:00:00Z")))
 *   .toISOString(); // "2026-03-01T06:00:00.000Z"
 * ```
 */
export function nextRunAt(schedule: Schedule, policy: MissedSlotPolicy, after: number, now: number): number {
  const [due] = dueSlots(schedule, policy, after, now, 1);
  return due ?? nextSlotAfter(schedule, Math.max(after, now));
}
