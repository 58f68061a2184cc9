import assert from "node:assert/strict";
import { call } from "../../../support/api_call.ts";
import { authHeader, signTestToken, startTestService } from "../../../support/service.ts";
import { PROPERTY_SCOPED_CALLERS } from "../../../../adapters/http/routes/qbo_passthrough.ts";

Deno.test("registerQuickBooksPassThroughRoutes: entities, bodies, parameters and reports are checked at the door", async () => {
  const svc = await startTestService();
  try {
    const admin = await authHeader("org-a", "admin");
    const refused = async (method: string, path: string, body?: unknown) => {
      const res = await call(svc.app, method, path, admin, body);
      assert.equal(res.status, 400, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error?.code, "VALIDATION_FAILED");
      return res.body.error!;
    };
    const unknown = await refused("GET", "/qbo/invoice");
    assert.match(unknown.message, /Invoice/, "the entities are listed");
    assert.equal(unknown.details.issues[0].path, "param.entity");
    for (const body of [[], "x", null, 5]) {
      const error = await refused("POST", "/qbo/Customer", body);
      assert.ok(JSON.stringify(error.details).includes("json"), JSON.stringify(error.details));
    }
    await refused("POST", "/qbo/Customer/1", [{ SyncToken: "0" }]);
    assert.equal(
      (await refused("DELETE", "/qbo/Customer/1?sync_token=0")).details.issues[0].path,
      "param.entity",
    );
    assert.equal(
      (await refused("POST", "/qbo/Estimate/1/void", { sync_token: "0" })).details.issues[0].path,
      "param.entity",
    );
    assert.equal((await refused("DELETE", "/qbo/Invoice/1")).details.issues[0].path, "query.sync_token");
    assert.equal(
      (await refused("DELETE", "/qbo/Invoice/abc?sync_token=0")).details.issues[0].path,
      "param.id",
    );
    await refused("POST", "/qbo/Invoice/1/void", { sync_token: "0", reason: "typo" });
    await refused("GET", "/qbo/Customer?wher=Id%20%3D%20'1'");
    await refused("GET", "/qbo/Customer?max_results=1001");
    await refused("GET", "/qbo/reports/CashFlow");
    assert.equal(
      (await refused("GET", "/qbo/reports/ProfitAndLoss?colour=red")).details.issues[0].path,
      "query.colour",
    );
  } finally {
    await svc.close();
  }
});

Deno.test("registerQuickBooksPassThroughRoutes: roles, property scopes and a company that is not connected", async () => {
  const svc = await startTestService();
  try {
    const scoped = {
      Authorization: `Bearer ${await signTestToken({
        sub: "u",
        org: "org-a",
        role: "admin",
        property_ids: ["p1"],
      })}`,
    };
    // Refused before the request is read: even a malformed one answers the scope's refusal.
    for (const [method, path, body] of [["GET", "/qbo/Nothing"], ["POST", "/qbo/Customer", []]] as const) {
      const res = await call(svc.app, method, path, scoped, body);
      assert.equal(res.status, 403, path);
      assert.equal(res.body.error?.details.reason, "needs_all_properties");
    }
    const viewer = await call(svc.app, "GET", "/qbo/Customer", await authHeader("org-a", "viewer"));
    assert.equal(viewer.status, 403);
    assert.equal(viewer.body.error?.details.permission, "qbo:read");
    const accountant = await authHeader("org-a", "accountant");
    const unconnected = await call(svc.app, "GET", "/qbo/Customer", accountant);
    assert.equal(unconnected.status, 404);
    assert.equal(unconnected.body.error?.code, "NOT_FOUND");
    const write = await call(svc.app, "POST", "/qbo/Customer", accountant, { DisplayName: "Ann" });
    assert.equal(write.status, 403);
    assert.equal(write.body.error?.details.permission, "qbo:write");
  } finally {
    await svc.close();
  }
});

Deno.test("registerQuickBooksPassThroughRoutes: every operation declares its permission and refuses scoped callers", async () => {
  const svc = await startTestService();
  try {
    const spec = await (await svc.app.request("/api/quickbooks/openapi.json")).json();
    const operations = Object.entries(spec.paths as Record<string, Record<string, Record<string, unknown>>>)
      .filter(([path]) => path.startsWith("/qbo/"))
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ key: `${method} ${path}`, op }))
      );
    assert.deepEqual(operations.map((o) => o.key).sort(), [
      "delete /qbo/{entity}/{id}",
      "get /qbo/reports/{report}",
      "get /qbo/{entity}",
      "get /qbo/{entity}/{id}",
      "post /qbo/{entity}",
      "post /qbo/{entity}/{id}",
      "post /qbo/{entity}/{id}/void",
    ]);
    for (const { key, op } of operations) {
      assert.equal(op[PROPERTY_SCOPED_CALLERS], "refused", key);
      assert.equal(op["x-required-permission"], key.startsWith("get") ? "qbo:read" : "qbo:write", key);
    }
  } finally {
    await svc.close();
  }
});
