import type { Caller } from "../../../domain/access/caller.ts";
import assert from "node:assert/strict";
import { chargeKey } from "../../../domain/billing/billing_charge.ts";
import { runDueAutomations } from "../../../src/automation/run_due_automations.ts";
import { enableWorkflows } from "../../../src/automation/automation_use_cases.ts";
import { leaseRecords, ORG, startHarness } from "./automation_harness.ts";

const admin: Caller = { orgId: ORG, userId: "u1", role: "admin" };
const pad = (n: number) => String(n).padStart(2, "0");

Deno.test({
  name:
    "runDueAutomations: a year of monthly rent runs bills every lease period once, across a restart, a crashed run and downtime",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await startHarness("2025-12-31T12:00:00.000Z");
    try {
      await h.write([
        ...leaseRecords({ id: "L1", property: "p1", rent: 150_000, dueDay: 1, start: "2026-01-01" }),
        // Moves in on March 17 (15 of 31 days) and out on September 10 (10 of 30 days).
        ...leaseRecords({
          id: "L2",
          property: "p1",
          rent: 120_000,
          dueDay: 5,
          start: "2026-03-17",
          end: "2026-09-10",
        }),
        // Started before the automation: earlier periods are EstateCore's history, never billed here.
        ...leaseRecords({ id: "L3", property: "p2", rent: 100_000, dueDay: 1, start: "2025-06-01" }),
      ]);
      await enableWorkflows(h.deps, admin, [{
        workflow: "rent_invoice_generation",
        enabled: true,
        schedule: { kind: "monthly", day: 1, at: "00:00" },
        options: { starts_on: "2026-01-01" },
      }], null);

      // January to May on worker A, one tick an hour after each slot (and a second tick that finds nothing).
      for (let m = 1; m <= 5; m++) {
        h.set(`2026-${pad(m)}-01T01:00:00.000Z`);
        assert.deepEqual(await h.tick("worker-a"), { ran: 1, failed: 0 }, `month ${m}`);
        assert.deepEqual(await h.tick("worker-a"), { ran: 0, failed: 0 }, `month ${m} again`);
      }
      // Restart: worker A is gone; a new scheduler instance (worker B) on the same database.
      h.set("2026-06-01T00:30:00.000Z");
      assert.deepEqual(await h.tick("worker-b"), { ran: 1, failed: 0 });

      // July: a worker claims the slot, writes part of the month, and dies (its lease stays).
      h.set("2026-07-01T00:01:00.000Z");
      const crashed = await h.deps.automation.claimSlot({
        id: "crashed-run",
        orgId: ORG,
        workflow: "rent_invoice_generation",
        slot: "2026-07-01T00:00:00.000Z",
        trigger: "schedule",
        asOf: "2026-07-01",
        owner: "worker-dead",
        leaseMs: 15 * 60_000,
        now: h.deps.clock.now().toISOString(),
      });
      assert.ok(crashed);
      const l1July = (await h.charges("rent")).find((c) => c.id === chargeKey("L1", "2026-06", "rent"))!;
      await h.write([{
        recordType: "charge",
        recordId: chargeKey("L1", "2026-07", "rent"),
        propertyId: "p1",
        data: {
          ...l1July,
          id: chargeKey("L1", "2026-07", "rent"),
          billing_period: "2026-07",
          due_date: "2026-07-01",
          service_period: { start: "2026-07-01", end: "2026-07-31" },
          description: "Rent 2026-07",
        },
      }]);
      h.set("2026-07-01T00:05:00.000Z");
      assert.deepEqual(await h.tick("worker-b"), { ran: 0, failed: 0 }, "the lease is still live: wait");
      h.set("2026-07-01T00:20:00.000Z");
      assert.deepEqual(await h.tick("worker-b"), { ran: 1, failed: 0 }, "the expired run is taken over");
      const julyRun = (await h.deps.automation.getRun(ORG, "crashed-run"))!;
      assert.equal(julyRun.status, "succeeded");
      assert.equal(julyRun.attempts, 2);
      assert.equal(julyRun.result?.charges_created, 2, "L2 and L3; L1's July charge was already written");
      assert.equal(
        await h.deps.automation.finishRun(
          "crashed-run",
          "worker-dead",
          { status: "succeeded", result: {} },
          "2026-07-01T00:30:00.000Z",
        ),
        false,
        "the dead worker, if it wakes up, can no longer record anything",
      );

      // August and September: two schedulers tick the same due slot at the same time.
      for (const month of ["08", "09"]) {
        h.set(`2026-${month}-01T00:00:00.000Z`);
        const [a, b] = await Promise.all([h.tick("worker-b"), h.tick("worker-c")]);
        assert.equal(a.ran + b.ran, 1, `month ${month} ran once`);
      }
      // Downtime through October and November: December's tick catches up the three slots in order.
      h.set("2026-12-03T09:00:00.000Z");
      assert.deepEqual(await h.tick("worker-c"), { ran: 3, failed: 0 });

      const runs = (await h.deps.automation.listRuns(ORG, { limit: 100 })).reverse();
      assert.deepEqual(
        runs.map((r) => [r.slot.slice(0, 10), r.status]),
        Array.from({ length: 12 }, (_, i) => [`2026-${pad(i + 1)}-01`, "succeeded"]),
      );
      const rent = await h.charges("rent");
      const keys = rent.map((c) => c.id).sort();
      assert.equal(new Set(keys).size, keys.length);
      const byLease = (lease: string) =>
        rent.filter((c) => c.lease_id === lease).sort((a, b) => a.billing_period < b.billing_period ? -1 : 1)
          .map((c) => [c.billing_period, c.amount.cents, c.due_date]);
      assert.deepEqual(
        byLease("L1"),
        Array.from({ length: 12 }, (_, i) => [`2026-${pad(i + 1)}`, 150_000, `2026-${pad(i + 1)}-01`]),
      );
      assert.deepEqual(byLease("L2"), [
        ["2026-03", 58_064, "2026-03-17"], // 120,000 * 15/31 = 58,064.5, rounded down
        ["2026-04", 120_000, "2026-04-05"],
        ["2026-05", 120_000, "2026-05-05"],
        ["2026-06", 120_000, "2026-06-05"],
        ["2026-07", 120_000, "2026-07-05"],
        ["2026-08", 120_000, "2026-08-05"],
        ["2026-09", 40_000, "2026-09-05"], // 10 of 30 days
      ]);
      assert.deepEqual(
        byLease("L3").map(([p]) => p),
        Array.from({ length: 12 }, (_, i) => `2026-${pad(i + 1)}`),
      );
      assert.equal(
        runs.reduce((s, r) => s + Number(r.result?.charges_created ?? 0), 0),
        rent.length - 1,
        "every charge but the one the crashed worker wrote came from exactly one run",
      );
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "runDueAutomations: a failing workflow records QB008 with its cause and the next slot still runs",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await startHarness("2026-03-01T00:00:00.000Z");
    try {
      await enableWorkflows(h.deps, admin, [{
        workflow: "scheduled_reconciliation",
        enabled: true,
        schedule: { kind: "daily", at: "03:00" },
      }], null);
      h.set("2026-03-01T04:00:00.000Z");
      assert.deepEqual(await h.tick("w"), { ran: 0, failed: 1 });
      const [run] = await h.deps.automation.listRuns(ORG, { limit: 1 });
      assert.equal(run.status, "failed");
      assert.equal(run.errorCode, "QB008");
      assert.deepEqual(run.errorCause, {
        code: "QB008",
        message: "reconciliation is not available",
        details: { workflow: "scheduled_reconciliation" },
      });
      h.set("2026-03-02T04:00:00.000Z");
      assert.deepEqual(await h.tick("w"), { ran: 0, failed: 1 }, "a failed slot is final; the next one runs");
      assert.equal(h.audits.filter((a) => a.action === "automation.run_failed").length, 2);
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "runDueAutomations: skip runs only the latest missed slot; a disabled workflow never runs",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let calls = 0;
    const h = await startHarness("2026-03-01T00:00:00.000Z", (_org, { periodDays }) => {
      calls++;
      return Promise.resolve({
        reportId: `rep-${calls}`,
        integrityScore: 100,
        discrepanciesFound: periodDays,
      });
    });
    try {
      await enableWorkflows(h.deps, admin, [{
        workflow: "scheduled_reconciliation",
        enabled: true,
        schedule: { kind: "daily", at: "03:00" },
        options: { period_days: 7 },
      }], null);
      h.set("2026-03-05T12:00:00.000Z");
      assert.deepEqual(await runDueAutomations({ ...h.deps, logger: silent, workerId: "w" }), {
        ran: 1,
        failed: 0,
      });
      const [run] = await h.deps.automation.listRuns(ORG, { limit: 5 });
      assert.equal(run.slot, "2026-03-05T03:00:00.000Z");
      assert.deepEqual(run.result, {
        period_days: 7,
        report_id: "rep-1",
        integrity_score: 100,
        discrepancies_found: 7,
      });
      await enableWorkflows(h.deps, admin, [{ workflow: "scheduled_reconciliation", enabled: false }], null);
      h.set("2026-03-09T12:00:00.000Z");
      assert.deepEqual(await h.tick("w"), { ran: 0, failed: 0 });
      assert.equal(calls, 1);
    } finally {
      await h.close();
    }
  },
});

const silent = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silent;
  },
};
