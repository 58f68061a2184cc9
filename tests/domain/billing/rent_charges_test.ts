import assert from "node:assert/strict";
import fc from "fast-check";
import { generateRentCharges } from "../../../domain/billing/rent_charges.ts";
import type { RentSchedule } from "../../../domain/billing/rent_schedule.ts";

const schedule: RentSchedule = {
  leaseId: "lease-1",
  tenantId: "t1",
  propertyId: "p1",
  amountCents: 150_000,
  currency: "USD",
  dueDay: 1,
  startDate: "2026-04-17",
  endDate: "2026-06-10",
};

Deno.test("generateRentCharges: prorates first and last months by actual days in month", () => {
  const charges = generateRentCharges(schedule, "2026-12-31", new Set());
  assert.deepEqual(
    charges.map((c) => [c.key, c.period, c.dueDate, c.amountCents, c.prorated]),
    [
      ["chg_lease-1_2026-04_rent", "2026-04", "2026-04-17", 70_000, true], // 14/30 of $1,500
      ["chg_lease-1_2026-05_rent", "2026-05", "2026-05-01", 150_000, false],
      ["chg_lease-1_2026-06_rent", "2026-06", "2026-06-01", 50_000, true], // 10/30 of $1,500
    ],
  );
});

Deno.test("generateRentCharges: returns only the charges whose key is missing", () => {
  const first = generateRentCharges(schedule, "2026-05-15", new Set());
  assert.equal(first.length, 2);
  const keys = new Set(first.map((c) => c.key));
  assert.deepEqual(generateRentCharges(schedule, "2026-05-15", keys), []);
  const later = generateRentCharges(schedule, "2026-12-31", keys);
  assert.deepEqual(later.map((c) => c.period), ["2026-06"]);
});

Deno.test("generateRentCharges: due day clamps to the month's last day", () => {
  const charges = generateRentCharges(
    { ...schedule, dueDay: 31, startDate: "2026-01-01", endDate: undefined },
    "2026-02-01",
    new Set(),
  );
  assert.deepEqual(charges.map((c) => c.dueDate), ["2026-01-31", "2026-02-28"]);
});

Deno.test("generateRentCharges: idempotent and never exceeds the monthly rent (property)", () => {
  const day = fc.integer({ min: 0, max: 900 }).map((n) =>
    new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10)
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 1, max: 31 }),
      day,
      fc.integer({ min: 0, max: 400 }),
      day,
      (amountCents, dueDay, startDate, length, through) => {
        const end = new Date(Date.parse(startDate) + length * 86_400_000).toISOString().slice(0, 10);
        const s = { ...schedule, amountCents, dueDay, startDate, endDate: end };
        const first = generateRentCharges(s, through, new Set());
        assert.deepEqual(generateRentCharges(s, through, new Set(first.map((c) => c.key))), []);
        assert.equal(new Set(first.map((c) => c.key)).size, first.length);
        for (const c of first) {
          assert.ok(c.amountCents <= amountCents);
          assert.ok(c.dueDate >= c.occupiedFrom && c.dueDate <= c.occupiedTo);
        }
      },
    ),
  );
});
