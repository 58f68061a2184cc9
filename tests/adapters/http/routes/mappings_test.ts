import assert from "node:assert/strict";
import { call } from "../../../support/api_call.ts";
import { authHeader, signTestToken, startTestService } from "../../../support/service.ts";

const DEFAULTS = {
  accounts: {
    rental_income: "79",
    late_fee_income: "80",
    other_income: "81",
    security_deposit_liability: "90",
    accounts_receivable: "84",
    undeposited_funds: "4",
    operating_bank: "35",
    accounts_payable: "33",
  },
  expense_accounts: { repairs_maintenance: "61", utilities: "62" },
};

Deno.test("registerMappingRoutes stores defaults and overrides and shows the effective mapping per property", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "accountant");
    const admin = await authHeader("org-a", "admin");
    await call(svc.app, "POST", "/records/bulk", admin, {
      records: [
        { type: "property", data: { id: "p1", organization_id: "org-a", name: "Maple Court" } },
        { type: "property", data: { id: "p2", organization_id: "org-a", name: "Oak Plaza" } },
      ],
    });
    const empty = await call(svc.app, "GET", "/mappings", h);
    assert.equal(empty.status, 200);
    assert.equal(empty.body.data.version, null);
    assert.ok(empty.body.data.effective[0].unmapped.includes("rental_income"));

    const put = await call(svc.app, "PUT", "/mappings/default", h, DEFAULTS);
    assert.equal(put.status, 200);
    assert.equal(put.body.data.version, 1);
    assert.deepEqual(put.body.data.defaults, DEFAULTS);

    const override = await call(svc.app, "PUT", "/mappings/properties/p2", h, {
      accounts: { rental_income: "95" },
      expense_accounts: { utilities: "66" },
      item_label: "Oak Plaza",
    });
    assert.equal(override.status, 200);
    assert.deepEqual(override.body.data.effective.map((e: { property_id: string }) => e.property_id), ["p2"]);

    const all = await call(svc.app, "GET", "/mappings", h);
    const [p1, p2] = all.body.data.effective;
    assert.equal(p1.property_id, "p1");
    assert.equal(p1.property_name, "Maple Court");
    assert.equal(p1.accounts.rental_income, "79");
    assert.equal(p1.accounts.pet_fee_income, "81", "pet fees fall back to other income");
    assert.deepEqual(p1.unmapped, ["credit_card"]);
    assert.equal(p2.accounts.rental_income, "95");
    assert.equal(p2.accounts.late_fee_income, "80", "not overridden: the default");
    assert.deepEqual(p2.expense_accounts, { repairs_maintenance: "61", utilities: "66" });
    assert.equal(p2.has_override, true);
    assert.equal(all.body.data.property_overrides.p2.version, 1);

    const removed = await call(svc.app, "DELETE", "/mappings/properties/p2", h);
    assert.equal(removed.status, 200);
    const again = await call(svc.app, "DELETE", "/mappings/properties/p2", h);
    assert.equal(again.status, 404);
    assert.equal(again.body.error?.code, "NOT_FOUND");
    const after = await call(svc.app, "GET", "/mappings?property_id=p2", h);
    assert.equal(after.body.data.effective[0].accounts.rental_income, "79");

    const audit = await call(svc.app, "GET", "/audit", admin);
    assert.deepEqual(
      audit.body.data.map((r: { action: string }) => r.action).filter((a: string) =>
        a.startsWith("mapping.")
      ),
      ["mapping.defaults_updated", "mapping.property_updated", "mapping.property_deleted"],
    );
  } finally {
    await svc.close();
  }
});

Deno.test("registerMappingRoutes rejects bad input and unauthorized callers with exact codes", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "accountant");
    const badPurpose = await call(svc.app, "PUT", "/mappings/default", h, { accounts: { rent_money: "79" } });
    assert.equal(badPurpose.status, 400);
    assert.equal(badPurpose.body.error?.code, "VALIDATION_FAILED");
    assert.match(JSON.stringify(badPurpose.body.error?.details), /json\.accounts/);
    const badId = await call(svc.app, "PUT", "/mappings/default", h, { accounts: { rental_income: "" } });
    assert.equal(badId.status, 400);
    const badCategory = await call(svc.app, "PUT", "/mappings/properties/p1", h, {
      expense_accounts: { "Repairs & Maintenance": "61" },
    });
    assert.equal(badCategory.status, 400);
    assert.equal(badCategory.body.error?.code, "VALIDATION_FAILED");

    const manager = await call(
      svc.app,
      "PUT",
      "/mappings/default",
      await authHeader("org-a", "property_manager"),
      DEFAULTS,
    );
    assert.equal(manager.status, 403);
    assert.equal(manager.body.error?.code, "FORBIDDEN");
    const viewer = await call(svc.app, "GET", "/mappings", await authHeader("org-a", "viewer"));
    assert.equal(viewer.status, 200, "viewers read mappings");
    const scoped = {
      Authorization: `Bearer ${await signTestToken({
        sub: "acc",
        org: "org-a",
        role: "accountant",
        property_ids: ["p1"],
      })}`,
    };
    assert.equal((await call(svc.app, "PUT", "/mappings/default", scoped, DEFAULTS)).status, 403);
    assert.equal((await call(svc.app, "PUT", "/mappings/properties/p2", scoped, DEFAULTS)).status, 403);
    assert.equal((await call(svc.app, "PUT", "/mappings/properties/p1", scoped, DEFAULTS)).status, 200);
  } finally {
    await svc.close();
  }
});

Deno.test("registerMappingRoutes never shows org A's mapping to org B", async () => {
  const svc = await startTestService();
  try {
    await call(svc.app, "PUT", "/mappings/default", await authHeader("org-a", "admin"), DEFAULTS);
    await call(svc.app, "PUT", "/mappings/properties/p1", await authHeader("org-a", "admin"), {
      accounts: { rental_income: "1" },
    });
    const b = await call(svc.app, "GET", "/mappings", await authHeader("org-b", "admin"));
    assert.equal(b.status, 200);
    assert.deepEqual(b.body.data.defaults, { accounts: {}, expense_accounts: {} });
    assert.deepEqual(b.body.data.property_overrides, {});
    assert.deepEqual(b.body.data.effective, []);
    assert.equal(
      (await call(svc.app, "DELETE", "/mappings/properties/p1", await authHeader("org-b", "admin"))).status,
      404,
    );
  } finally {
    await svc.close();
  }
});

Deno.test("registerMappingRoutes refuses a property id outside the id grammar; the mapping stays readable", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const override = { accounts: { rental_income: "80" } };
    for (const id of ["a%20b", "%3C%40U", "a..b", "x%27%3B%20DROP", "_lead"]) {
      const res = await call(svc.app, "PUT", `/mappings/properties/${id}`, h, override);
      assert.equal(res.status, 400, id);
      assert.equal(res.body.error?.code, "VALIDATION_FAILED", id);
    }
    const after = await call(svc.app, "GET", "/mappings", h);
    assert.equal(after.status, 200, "a refused id never reaches the store and breaks later reads");
    assert.deepEqual(after.body.data.property_overrides ?? {}, {});
    const good = await call(svc.app, "PUT", "/mappings/properties/prop_1", h, override);
    assert.equal(good.status, 200, JSON.stringify(good.body));
  } finally {
    await svc.close();
  }
});
