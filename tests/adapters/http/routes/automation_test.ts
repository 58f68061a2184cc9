import assert from "node:assert/strict";
import { API_BASE } from "../../../support/api_call.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

const enable = async (
  app: { request: (u: string, i: RequestInit) => Response | Promise<Response> },
  body: unknown,
) => {
  const res = await app.request(`${API_BASE}/automation/enable`, {
    method: "POST",
    headers: { ...await authHeader("org-a", "admin"), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { res, body: await res.json() };
};

Deno.test("registerAutomationRoutes enable takes snake_case late-fee policies and shows them typed, without a Deprecation header", async () => {
  const svc = await startTestService();
  try {
    const { res, body } = await enable(svc.app, {
      workflows: [{
        name: "late_fee_processing",
        options: { default_policy: { grace_days: 5, initial_fee: { kind: "flat", amount_cents: 5_000 } } },
      }],
    });
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(res.headers.get("Deprecation"), null);
    assert.deepEqual(body.data[0].options.default_policy, {
      grace_days: 5,
      initial_fee: { kind: "flat", amount_cents: 5_000 },
      daily_accrual_cents: 0,
      applies_to: ["rent"],
    });
  } finally {
    await svc.close();
  }
});

Deno.test("registerAutomationRoutes enable still accepts a deprecated camelCase policy: stored in snake_case, answered with Deprecation and Warning naming each key", async () => {
  const svc = await startTestService();
  try {
    const { res, body } = await enable(svc.app, {
      workflows: [{
        name: "late_fee_processing",
        options: {
          property_policies: {
            p1: { graceDays: 3, initialFee: { kind: "percent", basisPoints: 500 }, maxPerLeaseCents: 6_000 },
          },
        },
      }],
    });
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.match(res.headers.get("Deprecation") ?? "", /^@\d+$/);
    const warning = res.headers.get("Warning") ?? "";
    assert.match(warning, /^299 - "/);
    for (const key of ["graceDays", "initialFee", "initial_fee.basisPoints", "maxPerLeaseCents"]) {
      assert.ok(warning.includes(`workflows.0.options.property_policies.p1.${key}`), `${key} in ${warning}`);
    }
    const status = await svc.app.request(`${API_BASE}/automation/status`, {
      headers: await authHeader("org-a", "admin"),
    });
    const late = (await status.json()).data.workflows.find((w: { workflow: string }) =>
      w.workflow === "late_fee_processing"
    );
    assert.deepEqual(late.options.property_policies.p1, {
      grace_days: 3,
      initial_fee: { kind: "percent", basis_points: 500 },
      daily_accrual_cents: 0,
      max_per_lease_cents: 6_000,
      applies_to: ["rent"],
    });

    // Half camelCase, half snake_case is neither form: refused naming the stray key.
    const mixed = await enable(svc.app, {
      workflows: [{
        name: "late_fee_processing",
        options: { default_policy: { graceDays: 3, initial_fee: { kind: "flat", amount_cents: 1 } } },
      }],
    });
    assert.equal(mixed.res.status, 400);
    assert.equal(mixed.body.error.code, "VALIDATION_FAILED");
  } finally {
    await svc.close();
  }
});
