import assert from "node:assert/strict";
import {
  accessAnswers,
  assertFailure,
  assertSuccess,
  declaredPermission,
  expectedAccess,
  sameForEveryRole,
  scopedHeader,
  send,
  validationPaths,
} from "../../../support/route_checks.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

const NOW = "2026-06-01T12:00:00.000Z";
const WORKFLOWS = [
  "rent_invoice_generation",
  "late_fee_processing",
  "payment_sync",
  "expense_sync",
  "deposit_processing",
  "scheduled_reconciliation",
];

Deno.test("registerAutomationRoutes POST /automation/enable saves workflows with defaults, keeps what is left out, and audits", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const saved = assertSuccess(
      await send(svc.app, "POST", "/automation/enable", h, {
        workflows: [
          { name: "rent_invoice_generation" },
          { name: "payment_sync", schedule: { kind: "every_hours", hours: 6 }, options: { realm_id: "123" } },
        ],
      }),
      200,
    );
    assert.deepEqual(saved, [
      {
        workflow: "rent_invoice_generation",
        enabled: true,
        schedule: { kind: "monthly", day: 1, at: "00:00" },
        missed_slot_policy: "catch_up",
        options: { days_in_advance: 0, starts_on: "2026-06-01" },
        version: 1,
        updated_at: NOW,
      },
      {
        workflow: "payment_sync",
        enabled: true,
        schedule: { kind: "every_hours", hours: 6 },
        missed_slot_policy: "skip",
        options: { realm_id: "123" },
        version: 1,
        updated_at: NOW,
      },
    ]);
    const disabled = assertSuccess(
      await send(svc.app, "POST", "/automation/enable", h, {
        workflows: [{ name: "payment_sync", enabled: false }],
      }),
      200,
    );
    assert.deepEqual(
      [disabled[0].enabled, disabled[0].version, disabled[0].schedule, disabled[0].options],
      [false, 2, { kind: "every_hours", hours: 6 }, { realm_id: "123" }],
      "what is left out keeps its stored value",
    );
    const audit = assertSuccess(await send(svc.app, "GET", "/audit", h), 200);
    assert.deepEqual(
      audit.map((r: { action: string; target: string }) => [r.action, r.target]).filter(([a]: string[]) =>
        a.startsWith("automation.")
      ),
      [
        ["automation.workflow_enabled", "automation:rent_invoice_generation"],
        ["automation.workflow_enabled", "automation:payment_sync"],
        ["automation.workflow_disabled", "automation:payment_sync"],
      ],
    );
  } finally {
    await svc.close();
  }
});

Deno.test("registerAutomationRoutes POST /automation/enable refuses bad workflows, schedules and options, and saves nothing", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const enable = (workflows: unknown) => send(svc.app, "POST", "/automation/enable", h, { workflows });
    assert.deepEqual(validationPaths(await enable([])), ["json.workflows"]);
    assert.deepEqual(validationPaths(await enable([{ name: "coffee_making" }])), ["json.workflows.0.name"]);
    assert.deepEqual(validationPaths(await enable([{ name: "payment_sync", missed_slot_policy: "later" }])), [
      "json.workflows.0.missed_slot_policy",
    ]);
    assert.deepEqual(validationPaths(await enable([{ name: "payment_sync", enable: true }])), [
      "json.workflows.0.enable",
    ]);
    assert.deepEqual(
      validationPaths(await enable(WORKFLOWS.concat("payment_sync").map((name) => ({ name })))),
      [
        "json.workflows",
      ],
    );

    const twice = await enable([{ name: "payment_sync" }, { name: "payment_sync", enabled: false }]);
    assert.deepEqual(assertFailure(twice, 400, "VALIDATION_FAILED").details, { workflow: "payment_sync" });
    const schedule = await enable([
      { name: "payment_sync" },
      { name: "deposit_processing", schedule: { kind: "daily", at: "25:00" } },
    ]);
    assertFailure(schedule, 400, "VALIDATION_FAILED");
    // The typed request schema names the workflow's place in the list.
    assert.deepEqual(validationPaths(schedule), ["json.workflows.1.schedule.at"]);
    const options = await enable([{ name: "scheduled_reconciliation", options: { period: 30 } }]);
    const optionsError = assertFailure(options, 400, "VALIDATION_FAILED");
    assert.ok(
      optionsError.details?.issues.every((i: { path: string }) => /(^|\.)options/.test(i.path)),
      JSON.stringify(optionsError.details),
    );

    const status = assertSuccess(await send(svc.app, "GET", "/automation/status", h), 200);
    assert.deepEqual(
      status.workflows.filter((w: { configured: boolean }) => w.configured),
      [],
      "a refused request saves none of its workflows, not even the valid ones",
    );
  } finally {
    await svc.close();
  }
});

Deno.test("registerAutomationRoutes POST /automation/execute dry-runs without writing, runs, and answers a failed run with QB008", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const dry = assertSuccess(
      await send(svc.app, "POST", "/automation/execute", h, {
        workflow: "deposit_processing",
        dry_run: true,
      }),
      200,
    );
    assert.deepEqual([dry.dry_run, dry.workflow, dry.as_of, dry.run], [
      true,
      "deposit_processing",
      "2026-06-01",
      null,
    ]);
    assert.equal(typeof dry.result, "object");
    const noRuns = assertSuccess(await send(svc.app, "GET", "/automation/status", h), 200);
    assert.deepEqual(noRuns.recent_runs, [], "a dry run stores no run");

    const ran = assertSuccess(
      await send(svc.app, "POST", "/automation/execute", h, { workflow: "deposit_processing" }),
      200,
    );
    assert.deepEqual(
      [ran.dry_run, ran.run.workflow, ran.run.trigger, ran.run.status, ran.run.error],
      [false, "deposit_processing", "manual", "succeeded", null],
    );
    assert.deepEqual(ran.result, ran.run.result);

    // Payment sync pushes to the connected company: with none, the run fails and is stored failed.
    const failed = await send(svc.app, "POST", "/automation/execute", h, { workflow: "payment_sync" });
    const error = assertFailure(failed, 409, "QB008");
    assert.equal(error.details?.workflow, "payment_sync");
    assert.equal(typeof error.details?.run_id, "string");
    assert.equal(
      (error.details?.cause as { code?: string } | null)?.code,
      "NOT_FOUND",
      JSON.stringify(error.details),
    );

    const status = assertSuccess(await send(svc.app, "GET", "/automation/status", h), 200);
    assert.deepEqual(
      status.recent_runs.map((r: { id: string }) => r.id).sort(),
      [ran.run.id, error.details?.run_id].sort(),
    );
    const sync = status.workflows.find((w: { workflow: string }) => w.workflow === "payment_sync");
    assert.deepEqual(
      sync.recent_failures.map((r: { id: string; error: { code: string } }) => [r.id, r.error.code]),
      [[
        error.details?.run_id,
        "QB008",
      ]],
    );

    assert.deepEqual(
      validationPaths(await send(svc.app, "POST", "/automation/execute", h, { workflow: "nap" })),
      [
        "json.workflow",
      ],
    );
    assert.deepEqual(
      validationPaths(
        await send(svc.app, "POST", "/automation/execute", h, { workflow: "payment_sync", dry_run: "yes" }),
      ),
      ["json.dry_run"],
    );
    assert.deepEqual(validationPaths(await send(svc.app, "POST", "/automation/execute", h, {})), [
      "json.workflow",
    ]);
    const scoped = await send(
      svc.app,
      "POST",
      "/automation/execute",
      await scopedHeader("org-a", "admin", ["p1"]),
      {
        workflow: "deposit_processing",
        dry_run: true,
      },
    );
    assert.equal(assertFailure(scoped, 403, "FORBIDDEN").details?.reason, "needs_all_properties");
  } finally {
    await svc.close();
  }
});

Deno.test("registerAutomationRoutes GET /automation/status lists every workflow in UTC with its next run", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "viewer");
    const before = assertSuccess(await send(svc.app, "GET", "/automation/status", h), 200);
    assert.equal(before.time_zone, "UTC");
    assert.deepEqual(before.workflows.map((w: { workflow: string }) => w.workflow), WORKFLOWS);
    const rent = before.workflows[0];
    assert.deepEqual(
      [
        rent.configured,
        rent.enabled,
        rent.schedule,
        rent.missed_slot_policy,
        rent.next_run_at,
        rent.last_run,
      ],
      [false, false, { kind: "monthly", day: 1, at: "00:00" }, "catch_up", null, null],
    );
    assert.match(rent.default_missed_slot_policy_reason, /billing period/);

    await send(svc.app, "POST", "/automation/enable", await authHeader("org-a", "admin"), {
      workflows: [{ name: "deposit_processing", schedule: { kind: "daily", at: "07:00" } }],
    });
    const after = assertSuccess(await send(svc.app, "GET", "/automation/status", h), 200);
    const deposits = after.workflows.find((w: { workflow: string }) => w.workflow === "deposit_processing");
    assert.deepEqual([deposits.configured, deposits.enabled, deposits.next_run_at], [
      true,
      true,
      "2026-06-02T07:00:00.000Z",
    ]);
    const other = assertSuccess(
      await send(svc.app, "GET", "/automation/status", await authHeader("org-b", "viewer")),
      200,
    );
    assert.equal(
      other.workflows.some((w: { configured: boolean }) => w.configured),
      false,
      "org B sees its own",
    );
    for (const query of ["runs=0", "runs=201", "run=5"]) {
      const path = `query.${query.split("=")[0]}`;
      assert.deepEqual(
        validationPaths(await send(svc.app, "GET", `/automation/status?${query}`, h)),
        [path],
        query,
      );
    }
  } finally {
    await svc.close();
  }
});

Deno.test("registerAutomationRoutes declares automation:manage to change or run and automation:read to look", async () => {
  const svc = await startTestService();
  try {
    assert.equal(await declaredPermission(svc.app, "POST", "/automation/enable"), "automation:manage");
    assert.equal(await declaredPermission(svc.app, "POST", "/automation/execute"), "automation:manage");
    assert.equal(await declaredPermission(svc.app, "GET", "/automation/status"), "automation:read");
    const manage = expectedAccess("automation:manage", "400 VALIDATION_FAILED");
    assert.deepEqual(
      await accessAnswers(svc.app, "POST", "/automation/enable", { workflows: "all" }),
      manage,
    );
    assert.deepEqual(await accessAnswers(svc.app, "POST", "/automation/execute", { workflow: 1 }), manage);
    assert.deepEqual(await accessAnswers(svc.app, "GET", "/automation/status"), sameForEveryRole("200"));
  } finally {
    await svc.close();
  }
});

Deno.test({
  // A dry run computes every property's charges: it needs automation:manage like a run, as the
  // operation declares (the use case used to say automation:read, which the route never let through).
  name: "registerAutomationRoutes POST /automation/execute refuses a reader both a dry run and a run",
  async fn() {
    const svc = await startTestService();
    try {
      const viewer = await authHeader("org-a", "viewer");
      const dry = await send(svc.app, "POST", "/automation/execute", viewer, {
        workflow: "deposit_processing",
        dry_run: true,
      });
      assert.equal(assertFailure(dry, 403, "FORBIDDEN").details?.permission, "automation:manage");
      const run = await send(svc.app, "POST", "/automation/execute", viewer, {
        workflow: "deposit_processing",
      });
      assert.equal(assertFailure(run, 403, "FORBIDDEN").details?.permission, "automation:manage");
    } finally {
      await svc.close();
    }
  },
});
