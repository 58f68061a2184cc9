import assert from "node:assert/strict";
import { call } from "../../../support/api_call.ts";
import { api, connect, startService, token } from "../../../support/e2e_service.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

Deno.test("registerReferenceListRoutes: without a connected company every list is NOT_FOUND; bad queries are refused", async () => {
  const svc = await startTestService();
  try {
    const viewer = await authHeader("org-a", "viewer");
    for (
      const path of [
        "/accounts",
        "/classes",
        "/locations",
        "/items",
        "/tax-codes",
        "/terms",
        "/payment-methods",
      ]
    ) {
      const res = await call(svc.app, "GET", path, viewer);
      assert.equal(res.status, 404, path);
      assert.equal(res.body.error?.code, "NOT_FOUND");
      assert.equal(res.body.error?.message, "No QuickBooks company is connected for this organization");
    }
    const v1 = await svc.app.request("/api/v1/quickbooks/accounts", { headers: viewer });
    assert.equal(v1.status, 404);

    const cases: [string, string][] = [
      ["/accounts?type=Checking", "query.type"],
      ["/items?type=Income", "query.type"],
      ["/classes?type=Service", "query.type"],
      ["/accounts?active=yes", "query.active"],
      ["/accounts?limit=501", "query.limit"],
      ["/accounts?realm_id=abc", "query.realm_id"],
    ];
    for (const [path, issue] of cases) {
      const res = await call(svc.app, "GET", path, viewer);
      assert.equal(res.status, 400, path);
      assert.equal(res.body.error?.code, "VALIDATION_FAILED", path);
      assert.ok(
        JSON.stringify(res.body.error?.details).includes(issue),
        `${path}: ${JSON.stringify(res.body.error?.details)}`,
      );
    }
    const anonymous = await call(svc.app, "GET", "/accounts", {});
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error?.code, "AUTH_MISSING_TOKEN");
  } finally {
    await svc.close();
  }
});

Deno.test({
  name: "registerReferenceListRoutes: the connected company's lists, typed, filtered and paged",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      assert.equal((await api(run, "PUT", "/organization", "org-lists", { name: "Lists LLC" })).status, 201);
      const { callback, status } = await connect(run, "org-lists");
      assert.equal(status, 200);
      const realmId = callback.searchParams.get("realmId")!;
      const h = { Authorization: `Bearer ${await token("org-lists", "viewer")}` };
      const app = run.service.app;

      const all = await call(app, "GET", "/accounts", h);
      assert.equal(all.status, 200, JSON.stringify(all.body));
      assert.equal(all.body.data.realm_id, realmId);
      assert.equal(all.body.data.next_cursor, null);
      assert.ok(Date.parse(all.body.data.checked_at) > 0);
      const accounts = all.body.data.items as Record<string, unknown>[];
      assert.ok(accounts.length >= 10);
      const receivable = accounts.find((a) => a.account_type === "Accounts Receivable")!;
      assert.deepEqual(Object.keys(receivable).sort(), [
        "account_number",
        "account_sub_type",
        "account_type",
        "active",
        "classification",
        "currency",
        "fully_qualified_name",
        "id",
        "name",
        "parent_id",
        "updated_at",
      ]);
      assert.equal(receivable.classification, "Asset");
      assert.equal(receivable.currency, "USD");
      const names = accounts.map((a) => String(a.fully_qualified_name).toLowerCase());
      assert.deepEqual(names, [...names].sort(), "ordered by fully qualified name");

      const banks = await call(app, "GET", "/accounts?type=Bank&active=true", h);
      assert.ok(banks.body.data.items.length >= 1);
      assert.ok(banks.body.data.items.every((a: { account_type: string }) => a.account_type === "Bank"));
      const undeposited = await call(
        app,
        "GET",
        `/accounts?type=${encodeURIComponent("Other Current Asset")}`,
        h,
      );
      assert.ok(
        undeposited.body.data.items.some((a: { account_sub_type: string }) =>
          a.account_sub_type === "UndepositedFunds"
        ),
      );
      assert.deepEqual((await call(app, "GET", "/accounts?active=false", h)).body.data.items, []);

      // Pages of 4 walk the whole chart exactly once.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: {
          status: number;
          body: { data: { items: { id: string }[]; next_cursor: string | null } };
        } = await call(app, "GET", `/accounts?limit=4${cursor ? `&cursor=${cursor}` : ""}`, h);
        assert.equal(page.status, 200);
        seen.push(...page.body.data.items.map((a) => a.id));
        cursor = page.body.data.next_cursor;
      } while (cursor !== null);
      assert.deepEqual(seen, accounts.map((a) => a.id));
      const forged = await call(app, "GET", "/accounts?cursor=not-a-cursor", h);
      assert.equal(forged.status, 400);
      assert.equal(forged.body.error?.details?.issues?.[0]?.path, "query.cursor");

      const items = await call(app, "GET", "/items?type=Service", h);
      assert.ok(items.body.data.items.length >= 1);
      const rent = items.body.data.items.find((i: { name: string }) => i.name === "Rent");
      assert.equal(rent?.type, "Service");
      assert.ok(accounts.some((a) => a.id === rent.income_account_id), "an item names its income account");

      const terms = await call(app, "GET", "/terms", h);
      assert.ok(terms.body.data.items.some((t: { due_days: number | null }) => t.due_days === 30));
      const methods = await call(app, "GET", "/payment-methods", h);
      assert.ok(methods.body.data.items.some((m: { type: string | null }) => m.type === "CREDIT_CARD"));
      for (const path of ["/classes", "/locations", "/tax-codes"]) {
        const res = await call(app, "GET", path, h);
        assert.equal(res.status, 200, path);
        assert.ok(Array.isArray(res.body.data.items), path);
      }

      const v1 = await app.request("/api/v1/quickbooks/accounts?limit=1", { headers: h });
      assert.equal(v1.status, 200);
      assert.equal((await v1.json()).data.items.length, 1);
      const named = await call(app, "GET", `/accounts?realm_id=${realmId}&limit=1`, h);
      assert.equal(named.status, 200);
      const unknown = await call(app, "GET", "/accounts?realm_id=123", h);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error?.code, "NOT_FOUND");
      assert.deepEqual(unknown.body.error?.details, { realm_id: "123" });

      // Another organization never reads this company through its own token.
      assert.equal((await api(run, "PUT", "/organization", "org-other", { name: "Other LLC" })).status, 201);
      const other = await call(app, "GET", "/accounts", {
        Authorization: `Bearer ${await token("org-other")}`,
      });
      assert.equal(other.status, 404);
      assert.equal(other.body.error?.message, "No QuickBooks company is connected for this organization");
    } finally {
      await run.close();
    }
  },
});
