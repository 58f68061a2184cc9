import assert from "node:assert/strict";
import { RentScheduleSchema } from "../../../domain/billing/rent_schedule.ts";

const schedule = {
  leaseId: "lease-1",
  tenantId: "t1",
  propertyId: "p1",
  amountCents: 150_000,
  currency: "USD",
  dueDay: 1,
  startDate: "2026-04-17",
  endDate: "2026-06-10",
};

Deno.test("RentScheduleSchema: rejects an end date before the start date and negative rent", () => {
  assert.equal(RentScheduleSchema.safeParse({ ...schedule, endDate: "2026-01-01" }).success, false);
  assert.equal(RentScheduleSchema.safeParse({ ...schedule, amountCents: -1 }).success, false);
  assert.equal(RentScheduleSchema.safeParse(schedule).success, true);
});

Deno.test("RentScheduleSchema: rejects a due day outside 1..31 and a malformed date", () => {
  assert.equal(RentScheduleSchema.safeParse({ ...schedule, dueDay: 0 }).success, false);
  assert.equal(RentScheduleSchema.safeParse({ ...schedule, dueDay: 32 }).success, false);
  assert.equal(RentScheduleSchema.safeParse({ ...schedule, startDate: "2026-02-30" }).success, false);
});
