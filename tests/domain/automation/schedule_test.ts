import assert from "node:assert/strict";
import { dueSlots, nextRunAt } from "../../../domain/automation/missed_slots.ts";
import { nextSlotAfter, ScheduleSchema, slotAtOrBefore } from "../../../domain/automation/schedule.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);

Deno.test("slotAtOrBefore / nextSlotAfter: monthly on the 31st falls on each month's last day", () => {
  const s = { kind: "monthly" as const, day: 31, at: "08:30" };
  assert.equal(iso(slotAtOrBefore(s, at("2026-03-15T00:00:00Z"))), "2026-02-28T08:30:00.000Z");
  assert.equal(iso(nextSlotAfter(s, at("2026-02-28T08:30:00Z"))), "2026-03-31T08:30:00.000Z");
  assert.equal(iso(nextSlotAfter(s, at("2026-12-31T09:00:00Z"))), "2027-01-31T08:30:00.000Z");
  assert.equal(iso(slotAtOrBefore(s, at("2028-02-29T08:30:00Z"))), "2028-02-29T08:30:00.000Z");
});

Deno.test("slotAtOrBefore / nextSlotAfter: daily and every_hours slots", () => {
  const daily = { kind: "daily" as const, at: "06:00" };
  assert.equal(iso(slotAtOrBefore(daily, at("2026-03-15T05:59:59Z"))), "2026-03-14T06:00:00.000Z");
  assert.equal(iso(slotAtOrBefore(daily, at("2026-03-15T06:00:00Z"))), "2026-03-15T06:00:00.000Z");
  const six = { kind: "every_hours" as const, hours: 6 };
  assert.equal(iso(slotAtOrBefore(six, at("2026-03-15T17:10:00Z"))), "2026-03-15T12:00:00.000Z");
  assert.equal(iso(nextSlotAfter(six, at("2026-03-15T18:00:00Z"))), "2026-03-16T00:00:00.000Z");
});

Deno.test("dueSlots: catch_up lists missed slots in order up to the limit; skip only the latest", () => {
  const s = { kind: "daily" as const, at: "00:00" };
  const after = at("2026-03-01T00:00:00Z");
  const now = at("2026-03-05T12:00:00Z");
  assert.deepEqual(dueSlots(s, "catch_up", after, now, 10).map(iso).map((x) => x.slice(0, 10)), [
    "2026-03-02",
    "2026-03-03",
    "2026-03-04",
    "2026-03-05",
  ]);
  assert.deepEqual(dueSlots(s, "catch_up", after, now, 2).length, 2);
  assert.deepEqual(dueSlots(s, "skip", after, now, 10).map(iso), ["2026-03-05T00:00:00.000Z"]);
  assert.deepEqual(dueSlots(s, "skip", at("2026-03-05T00:00:00Z"), now, 10), []);
  assert.equal(iso(nextRunAt(s, "skip", at("2026-03-05T00:00:00Z"), now)), "2026-03-06T00:00:00.000Z");
});

Deno.test("ScheduleSchema rejects impossible times and unknown kinds", () => {
  assert.equal(ScheduleSchema.safeParse({ kind: "daily", at: "24:00" }).success, false);
  assert.equal(ScheduleSchema.safeParse({ kind: "monthly", day: 0 }).success, false);
  assert.equal(ScheduleSchema.safeParse({ kind: "weekly" }).success, false);
  assert.deepEqual(ScheduleSchema.parse({ kind: "monthly", day: 5 }), {
    kind: "monthly",
    day: 5,
    at: "00:00",
  });
});
