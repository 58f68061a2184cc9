/**
 * An organization that was never registered reaches nothing but its own registration, on every
 * authenticated operation of the OpenAPI document (derived, so a new route is covered too), and
 * nothing is written for it.
 */
import assert from "node:assert/strict";
import spec from "../../../openapi/openapi.json" with { type: "json" };
import { API_BASE } from "../../support/api_call.ts";
import { authHeader, startTestService } from "../../support/service.ts";

interface Operation {
  security?: unknown[];
}

const PATH_VALUES: Record<string, string> = {
  record_type: "tenant",
  record_id: "ten_1",
  property_id: "prop_1",
};
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name) => PATH_VALUES[name] ?? "x1");

Deno.test("every authenticated operation refuses an unregistered organization with NOT_FOUND before doing anything", async () => {
  const svc = await startTestService();
  try {
    const headers = { ...await authHeader("org-unregistered", "admin"), "Content-Type": "application/json" };
    const failures: string[] = [];
    let checked = 0;
    for (const [path, ops] of Object.entries(spec.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.security?.length || path === "/organization") continue;
        checked++;
        const res = await svc.app.request(`${API_BASE}${concrete(path)}`, {
          method: method.toUpperCase(),
          headers,
          body: ["get", "delete"].includes(method) ? undefined : "{}",
        });
        const body = await res.json();
        if (res.status !== 404 || body.error?.details?.register_with !== "PUT /organization") {
          failures.push(`${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(body.error)}`);
        }
      }
    }
    assert.ok(checked >= 25, `checked ${checked} operations`);
    assert.deepEqual(failures, []);
    const written = await svc.database.db.selectFrom("record_mirror").select("record_id")
      .where("org_id", "=", "org-unregistered").execute();
    assert.deepEqual(written, []);

    // Registered, the same token works; reading and registering were open all along.
    const own = await svc.app.request(`${API_BASE}/organization`, { headers });
    assert.equal(own.status, 404);
    const put = await svc.app.request(`${API_BASE}/organization`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ name: "Now Registered" }),
    });
    assert.equal(put.status, 201);
    assert.equal((await svc.app.request(`${API_BASE}/status`, { headers })).status, 200);
  } finally {
    await svc.close();
  }
});
