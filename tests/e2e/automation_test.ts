/**
 * Automation through the HTTP API, against the emulator mounted in the service, with a clock the test
 * moves: enable workflows, dry-run and execute rent generation, push the charges to QBO as invoices,
 * let the scheduler tick a month later, and read the status (including a QB008 failure with its cause).
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import {
  apiWithToken,
  connectWithMappings,
  type Running,
  SECRET,
  startService,
} from "../support/e2e_service.ts";

/**
 * A service clock the test sets, which keeps ticking in real time after each `set` (the QuickBooks
 * client's rate budget needs time to pass between calls).
 */
class MovableClock {
  #base: number;
  #setAt = Date.now();
  constructor(iso: string) {
    this.#base = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.#base + (Date.now() - this.#setAt));
  }
  set(iso: string): void {
    this.#base = Date.parse(iso);
    this.#setAt = Date.now();
  }
}

/** An API call with a token valid at the service clock's time. */
async function call(
  run: Running,
  clock: MovableClock,
  method: string,
  path: string,
  org: string,
  body?: unknown,
) {
  const now = Math.floor(clock.now().getTime() / 1000);
  const token = await new SignJWT({ org, role: "admin" }).setProtectedHeader({ alg: "HS256" }).setSubject(
    "user-1",
  )
    .setIssuedAt(now - 60).setExpirationTime(now + 3600).sign(new TextEncoder().encode(SECRET));
  return await apiWithToken(run, token, method, path, body);
}

const usd = (cents: number) => ({ cents, currency: "USD" });

Deno.test({
  name:
    "automation e2e: enable -> dry run -> execute -> push -> invoices in QBO; scheduler a month later; status with QB008",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const clock = new MovableClock("2026-06-01T12:00:00.000Z");
    const run = await startService({ clock });
    try {
      const org = "org-auto";
      const api = (method: string, path: string, body?: unknown) => call(run, clock, method, path, org, body);
      assert.equal((await api("PUT", "/organization", { name: "Auto Properties" })).status, 201);
      const { status, target, gateway, mappings } = await connectWithMappings(run, org, api);
      assert.equal(status, 200);
      assert.equal(mappings.status, 200);
      const intake = await api("POST", "/records/bulk", {
        records: [
          { type: "property", data: { id: "prop_1", organization_id: org, name: "Maple Court" } },
          {
            type: "tenant",
            data: { id: "ten_1", first_name: "Jane", last_name: "Doe", property_id: "prop_1" },
          },
          {
            type: "lease",
            data: {
              id: "lease_1",
              property_id: "prop_1",
              tenant_ids: ["ten_1"],
              rent: usd(150_000),
              due_day: 1,
              start_date: "2026-05-17",
              security_deposit: usd(0),
            },
          },
        ],
      });
      assert.equal(intake.status, 200, JSON.stringify(intake.body).slice(0, 300));

      const enabled = await api("POST", "/automation/enable", {
        workflows: [
          {
            name: "rent_invoice_generation",
            schedule: { kind: "monthly", day: 1, at: "00:00" },
            options: { starts_on: "2026-05-01" },
          },
          { name: "payment_sync", schedule: { kind: "every_hours", hours: 6 } },
        ],
      });
      assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
      assert.deepEqual(
        enabled.body.data.map((
          w: { workflow: string; missed_slot_policy: string },
        ) => [w.workflow, w.missed_slot_policy]),
        [
          ["rent_invoice_generation", "catch_up"],
          ["payment_sync", "skip"],
        ],
      );
      const badSchedule = await api("POST", "/automation/enable", {
        workflows: [{ name: "late_fee_processing", schedule: { kind: "daily", at: "25:00" } }],
      });
      assert.equal(badSchedule.status, 400);
      assert.equal(badSchedule.body.error.code, "VALIDATION_FAILED");

      const dry = await api("POST", "/automation/execute", {
        workflow: "rent_invoice_generation",
        dry_run: true,
      });
      assert.equal(dry.status, 200, JSON.stringify(dry.body));
      assert.equal(dry.body.data.run, null);
      assert.deepEqual(
        dry.body.data.result.charges.map((
          c: { period: string; amount_cents: number },
        ) => [c.period, c.amount_cents]),
        [
          ["2026-05", 72_580], // 15 of 31 days
          ["2026-06", 150_000],
        ],
      );
      const charges = async () => (await api("GET", "/records/charge")).body.data.items.length;
      assert.equal(await charges(), 0, "the dry run wrote nothing");

      const executed = await api("POST", "/automation/execute", { workflow: "rent_invoice_generation" });
      assert.equal(executed.status, 200, JSON.stringify(executed.body));
      assert.equal(executed.body.data.run.status, "succeeded");
      assert.equal(executed.body.data.result.charges_created, 2);
      assert.equal(await charges(), 2);
      const push = await api("POST", "/automation/execute", { workflow: "payment_sync" });
      assert.equal(push.status, 200, JSON.stringify(push.body));
      assert.equal(await run.service.worker.runOnce(), true);
      const job = (await api("GET", `/sync/jobs/${push.body.data.result.job_id}`)).body.data;
      assert.equal(job.status, "succeeded", JSON.stringify(job));
      const invoiceTotals = async () =>
        (await gateway.query(target, { entityName: "Invoice" })).map((i) => Number(i.TotalAmt))
          .sort((a, b) => a - b);
      assert.deepEqual(await invoiceTotals(), [725.8, 1500]);

      // A month later the scheduler (the worker's idle task) bills July and queues a push. Only the
      // service clock jumps, not the emulator's: to the client's rate budget the calls just made are
      // a month old, to QBO's per-second window they are not, so let that second really pass.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      clock.set("2026-07-01T01:00:00.000Z");
      const tick = run.service.periodicTasks.find((t) => t.name === "automation_workflows")!;
      assert.deepEqual(await tick.run(), { ran: 2, failed: 0 });
      assert.deepEqual(await tick.run(), { ran: 0, failed: 0 }, "nothing is due twice");
      assert.equal(await run.service.worker.runOnce(), true);
      assert.deepEqual(await invoiceTotals(), [725.8, 1500, 1500]);

      const statusView = (await api("GET", "/automation/status")).body.data;
      const rent = statusView.workflows.find((w: { workflow: string }) =>
        w.workflow === "rent_invoice_generation"
      );
      assert.equal(rent.enabled, true);
      assert.equal(rent.last_run.slot, "2026-07-01T00:00:00.000Z");
      assert.equal(rent.last_run.result.charges_created, 1);
      assert.equal(rent.next_run_at, "2026-08-01T00:00:00.000Z");
      assert.equal(statusView.time_zone, "UTC");

      // Another organization without a QuickBooks company: the push workflow fails with QB008 and its cause.
      const other = (method: string, path: string, body?: unknown) =>
        call(run, clock, method, path, "org-none", body);
      const unregistered = await other("POST", "/automation/execute", { workflow: "payment_sync" });
      assert.equal(unregistered.status, 404, "an unregistered organization runs nothing");
      assert.equal(unregistered.body.error.details.register_with, "PUT /organization");
      assert.equal((await other("PUT", "/organization", { name: "No Company" })).status, 201);
      const failed = await other("POST", "/automation/execute", { workflow: "payment_sync" });
      assert.equal(failed.status, 409, "a failed run is not a server error: the cause says what to fix");
      assert.equal(failed.body.error.code, "QB008");
      assert.equal(failed.body.error.details.cause.code, "NOT_FOUND");
      const otherStatus = (await other("GET", "/automation/status")).body.data;
      const sync = otherStatus.workflows.find((w: { workflow: string }) => w.workflow === "payment_sync");
      assert.equal(sync.recent_failures[0].error.code, "QB008");
      assert.equal(sync.recent_failures[0].error.cause.code, "NOT_FOUND");
      assert.match(sync.recent_failures[0].error.message, /No QuickBooks company is connected/);
      assert.equal((await other("GET", "/automation/status")).body.data.recent_runs.length, 1);
      assert.equal(
        (await api("GET", "/automation/status")).body.data.recent_runs.length,
        4,
        "other orgs' runs stay apart",
      );
    } finally {
      await run.close();
    }
  },
});
