import type { Caller } from "../../../domain/access/caller.ts";
import assert from "node:assert/strict";
import { addDays } from "../../../domain/shared/calendar_date.ts";
import type { MirrorRecordType, MirrorWrite } from "../../../domain/ports/record_mirror.ts";
import { enableWorkflows, executeWorkflowNow } from "../../../src/automation/automation_use_cases.ts";
import { leaseRecords, ORG, startHarness, usd } from "./automation_harness.ts";

const admin: Caller = { orgId: ORG, userId: "u1", role: "admin" };

/** A record of one lease's tenant at one property, as the mirror stores it. */
function leaseRecord(
  recordType: MirrorRecordType,
  id: string,
  lease: string,
  property: string,
  fields: Record<string, unknown>,
): MirrorWrite {
  return {
    recordType,
    recordId: id,
    propertyId: property,
    data: { id, lease_id: lease, tenant_id: `ten_${lease}`, property_id: property, ...fields },
  };
}

function rent(lease: string, property: string, period: string, cents: number): MirrorWrite {
  return leaseRecord("charge", `rent_${lease}_${period}`, lease, property, {
    type: "rent",
    amount: usd(cents),
    billing_period: period,
    service_period: { start: `${period}-01`, end: `${period}-28` },
    due_date: `${period}-01`,
    status: "open",
  });
}

function payment(lease: string, property: string, period: string, date: string, cents: number): MirrorWrite {
  return leaseRecord("payment", `pay_${lease}_${period}`, lease, property, {
    amount: usd(cents),
    date,
    method: "ach",
    allocations: [{ charge_id: `rent_${lease}_${period}`, amount: usd(cents) }],
    status: "cleared",
  });
}

Deno.test({
  name:
    "late_fee_processing: daily runs over a quarter assess exactly what each policy says (grace, flat/percent, daily accrual, caps), once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await startHarness("2025-12-31T12:00:00.000Z");
    try {
      const periods = ["2026-01", "2026-02", "2026-03"];
      await h.write([
        ...leaseRecords({ id: "L1", property: "p1", rent: 150_000, dueDay: 1, start: "2026-01-01" }),
        ...leaseRecords({ id: "L2", property: "p2", rent: 100_000, dueDay: 1, start: "2026-01-01" }),
        ...leaseRecords({ id: "L3", property: "p3", rent: 90_000, dueDay: 1, start: "2026-01-01" }),
        ...periods.flatMap((
          p,
        ) => [rent("L1", "p1", p, 150_000), rent("L2", "p2", p, 100_000), rent("L3", "p3", p, 90_000)]),
        payment("L1", "p1", "2026-01", "2026-01-06", 150_000), // the last grace day: no fee
        payment("L1", "p1", "2026-02", "2026-02-10", 150_000), // late: fees Feb 7..10
      ]);
      await enableWorkflows(h.deps, admin, [{
        workflow: "late_fee_processing",
        enabled: true,
        schedule: { kind: "daily", at: "06:00" },
        options: {
          starts_on: "2026-01-01",
          property_policies: {
            // $50 on the first late day, then $10 a day, at most $100 per period.
            p1: {
              grace_days: 5,
              initial_fee: { kind: "flat", amount_cents: 5_000 },
              daily_accrual_cents: 1_000,
              max_per_period_cents: 10_000,
            },
            // 5% once, at most $60 over the whole lease.
            p2: {
              grace_days: 3,
              initial_fee: { kind: "percent", basis_points: 500 },
              max_per_lease_cents: 6_000,
            },
          },
        },
      }], null);

      // A tick every day at 06:30, on two alternating worker processes, with a week of downtime.
      for (let day = "2026-01-01"; day <= "2026-03-31"; day = addDays(day, 1)) {
        if (day >= "2026-02-14" && day <= "2026-02-21") continue;
        h.set(`${day}T06:30:00.000Z`);
        const { failed } = await h.tick(day.endsWith("5") ? "worker-b" : "worker-a");
        assert.equal(failed, 0, day);
      }

      const fees = (await h.charges("late_fee"))
        .map((c) => [c.lease_id, c.billing_period, c.due_date, c.amount.cents])
        .sort((a, b) => String(a).localeCompare(String(b)));
      assert.deepEqual(fees, [
        ["L1", "2026-02", "2026-02-07", 5_000],
        ["L1", "2026-02", "2026-02-08", 1_000],
        ["L1", "2026-02", "2026-02-09", 1_000],
        ["L1", "2026-02", "2026-02-10", 1_000], // the payment dated the 10th counts from the 11th
        ["L1", "2026-03", "2026-03-07", 5_000],
        ["L1", "2026-03", "2026-03-08", 1_000],
        ["L1", "2026-03", "2026-03-09", 1_000],
        ["L1", "2026-03", "2026-03-10", 1_000],
        ["L1", "2026-03", "2026-03-11", 1_000],
        ["L1", "2026-03", "2026-03-12", 1_000], // period cap of $100 reached
        ["L2", "2026-01", "2026-01-05", 5_000],
        ["L2", "2026-02", "2026-02-05", 1_000], // lease cap of $60 reached
      ]);
      const runs = await h.deps.automation.listRuns(ORG, { limit: 200 });
      assert.equal(
        runs.length,
        90 - 8,
        "one run per day the scheduler was up (skip: missed days are not run)",
      );
      assert.ok(runs.every((r) => r.status === "succeeded"));
      assert.equal(runs.reduce((s, r) => s + Number(r.result?.fees_created ?? 0), 0), fees.length);
      assert.deepEqual(runs[0].result?.properties_without_policy, ["p3"]);

      // A waived (voided) fee is never assessed again, and a manual run afterwards adds nothing.
      const waived = (await h.charges("late_fee")).find((c) => c.due_date === "2026-03-12")!;
      await h.write([{
        recordType: "charge",
        recordId: waived.id,
        propertyId: "p1",
        data: { ...waived, status: "void" },
      }]);
      const again = await executeWorkflowNow(h.deps, admin, "late_fee_processing", false, null);
      assert.equal(again.dryRun, false);
      assert.equal(again.dryRun === false && again.run.result?.fees_created, 0);
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "executeWorkflowNow: a dry run reports what it would write and writes nothing",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await startHarness("2026-05-20T10:00:00.000Z");
    try {
      await h.write([
        ...leaseRecords({ id: "L1", property: "p1", rent: 150_000, dueDay: 1, start: "2026-04-17" }),
      ]);
      await enableWorkflows(h.deps, admin, [{
        workflow: "rent_invoice_generation",
        enabled: true,
        options: { starts_on: "2026-04-01" },
      }], null);
      const seq = await h.deps.mirror.lastChangeSeq(ORG);
      const audits = h.audits.length;
      const dry = await executeWorkflowNow(h.deps, admin, "rent_invoice_generation", true, null);
      assert.equal(dry.dryRun, true);
      const result = dry.dryRun ? dry.result : {};
      assert.equal(result.would_create, 2);
      assert.deepEqual(
        (result.charges as { period: string; amount_cents: number }[]).map((c) => [c.period, c.amount_cents]),
        [["2026-04", 70_000], ["2026-05", 150_000]],
      );
      assert.equal(await h.deps.mirror.lastChangeSeq(ORG), seq, "no record written");
      assert.deepEqual(await h.deps.automation.listRuns(ORG, { limit: 10 }), [], "no run recorded");
      assert.equal(h.audits.length, audits, "no audit record");
      const viewer: Caller = { orgId: ORG, userId: "v", role: "viewer" };
      await assert.rejects(
        executeWorkflowNow(h.deps, viewer, "rent_invoice_generation", false, null),
        (e: { code?: string }) => e.code === "FORBIDDEN",
      );
      const real = await executeWorkflowNow(h.deps, admin, "rent_invoice_generation", false, null);
      assert.equal(real.dryRun === false && real.run.result?.charges_created, 2);
    } finally {
      await h.close();
    }
  },
});
