import assert from "node:assert/strict";
import { billingPeriods } from "../../../domain/billing/billing_period.ts";

Deno.test("billingPeriods: partial first and last months carry their occupied days", () => {
  const periods = billingPeriods("2026-04-17", "2026-06-10", "2026-12-31");
  assert.deepEqual(
    periods.map((p) => [p.key, p.occupiedFrom, p.occupiedTo, p.occupiedDays, p.daysInMonth]),
    [
      ["2026-04", "2026-04-17", "2026-04-30", 14, 30],
      ["2026-05", "2026-05-01", "2026-05-31", 31, 31],
      ["2026-06", "2026-06-01", "2026-06-10", 10, 30],
    ],
  );
});

Deno.test("billingPeriods: an open-ended lease stops at the period containing throughDate", () => {
  const periods = billingPeriods("2023-12-05", undefined, "2024-02-01");
  assert.deepEqual(periods.map((p) => p.key), ["2023-12", "2024-01", "2024-02"]);
  assert.equal(periods[2].daysInMonth, 29);
});

Deno.test("billingPeriods: a lease starting after throughDate or ending before it starts has none", () => {
  assert.deepEqual(billingPeriods("2026-05-02", undefined, "2026-05-01"), []);
  assert.deepEqual(billingPeriods("2026-05-02", "2026-05-01", "2026-12-31"), []);
});

Deno.test("billingPeriods: a one-day lease is one period of one day", () => {
  const [p] = billingPeriods("2026-02-14", "2026-02-14", "2026-12-31");
  assert.equal(p.occupiedDays, 1);
  assert.equal(p.daysInMonth, 28);
});
