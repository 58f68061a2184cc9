import assert from "node:assert/strict";
import { call } from "../../../support/api_call.ts";
import { authHeader, signTestToken, startTestService } from "../../../support/service.ts";

const bearer = async (claims: Record<string, unknown>) => ({
  Authorization: `Bearer ${await signTestToken({ org: "org-a", ...claims })}`,
});

Deno.test("user access routes: PUT stores and audits a grant, GET and the list read it, DELETE removes it", async () => {
  const svc = await startTestService();
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    assert.equal(
      (await call(svc.app, "GET", "/enterprise/users/ana/access", boss)).body.error?.code,
      "NOT_FOUND",
    );
    const put = await call(svc.app, "PUT", "/enterprise/users/ana/access", boss, {
      access_level: "advanced",
      allowed_properties: ["prop_2", "prop_1", "prop_1"],
      allowed_features: ["sync", "audit"],
      expires_at: "2026-07-01T00:00:00+02:00",
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.data, {
      user_id: "ana",
      access_level: "advanced",
      allowed_properties: ["prop_1", "prop_2"],
      allowed_features: ["sync", "audit"],
      expires_at: "2026-06-30T22:00:00.000Z",
      status: "active",
      permissions: ["records:write", "sync:read", "sync:run", "conflicts:resolve", "audit:read"],
      version: 1,
      created_at: "2026-06-01T12:00:00.000Z",
      updated_at: "2026-06-01T12:00:00.000Z",
      updated_by: "user:boss",
    });
    const read = await call(svc.app, "GET", "/enterprise/users/ana/access", boss);
    assert.deepEqual(read.body.data, put.body.data);
    await call(svc.app, "PUT", "/enterprise/users/bob/access", boss, { access_level: "read_only" });
    const page = await call(svc.app, "GET", "/enterprise/users?limit=1", boss);
    assert.deepEqual(page.body.data.items.map((u: { user_id: string }) => u.user_id), ["ana"]);
    assert.equal(page.body.data.next_cursor, "ana");
    const next = await call(svc.app, "GET", "/enterprise/users?limit=1&cursor=ana", boss);
    assert.deepEqual(next.body.data.items.map((u: { user_id: string }) => u.user_id), ["bob"]);
    assert.equal(next.body.data.items[0].allowed_properties, "all");
    assert.equal(next.body.data.next_cursor, null);

    const removed = await call(svc.app, "DELETE", "/enterprise/users/ana/access", boss);
    assert.equal(removed.status, 200);
    assert.equal(
      (await call(svc.app, "DELETE", "/enterprise/users/ana/access", boss)).body.error?.code,
      "NOT_FOUND",
    );

    const audit = await call(svc.app, "GET", "/audit", boss);
    const entries = (audit.body.data.items ?? audit.body.data) as {
      action: string;
      actor: string;
      details: Record<string, unknown>;
    }[];
    const actions = entries.filter((e) => e.action.startsWith("access.")).map((e) => [e.action, e.actor]);
    assert.deepEqual(actions, [
      ["access.grant_set", "user:boss"],
      ["access.grant_set", "user:boss"],
      ["access.grant_removed", "user:boss"],
    ]);
    const first = entries.find((e) => e.action === "access.grant_set")!;
    assert.deepEqual(first.details, {
      user_id: "ana",
      version: 1,
      access_level: "advanced",
      allowed_properties: ["prop_1", "prop_2"],
      allowed_features: ["sync", "audit"],
      expires_at: "2026-06-30T22:00:00.000Z",
      previous: null,
      property_ids: ["prop_1", "prop_2"],
    });
  } finally {
    await svc.close();
  }
});

Deno.test("user access routes: only admins, never their own grant, never a past expiry, strict bodies", async () => {
  const svc = await startTestService();
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    for (const role of ["accountant", "property_manager", "viewer", "service"]) {
      const refused = await call(svc.app, "GET", "/enterprise/users", await authHeader("org-a", role));
      assert.equal(refused.body.error?.code, "FORBIDDEN", role);
    }
    const own = await call(svc.app, "PUT", "/enterprise/users/boss/access", boss, {
      access_level: "read_only",
    });
    assert.equal(own.status, 409);
    assert.equal(own.body.error?.details.reason, "own_grant");
    const past = await call(svc.app, "PUT", "/enterprise/users/ana/access", boss, {
      access_level: "basic",
      expires_at: "2026-06-01T11:59:59Z",
    });
    assert.equal(past.status, 400);
    assert.equal(past.body.error?.details.issues[0].path, "json.expires_at");
    for (
      const body of [
        { access_level: "superuser" },
        { access_level: "basic", allowed_features: ["reports"] },
        { access_level: "basic", allowed_properties: [] },
        { access_level: "basic", role: "admin" },
      ]
    ) {
      const bad = await call(svc.app, "PUT", "/enterprise/users/ana/access", boss, body);
      assert.equal(bad.body.error?.code, "VALIDATION_FAILED", JSON.stringify(body));
    }
    const scopedAdmin = await bearer({ sub: "boss2", role: "admin", property_ids: ["prop_1"] });
    const scoped = await call(svc.app, "PUT", "/enterprise/users/ana/access", scopedAdmin, {
      access_level: "basic",
    });
    assert.equal(scoped.body.error?.details.reason, "needs_all_properties");
  } finally {
    await svc.close();
  }
});

Deno.test("a stored grant narrows the user's token on the next request, and stops everything at its expiry", async () => {
  const svc = await startTestService();
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    const ana = await bearer({ sub: "ana", role: "admin" });
    assert.equal((await call(svc.app, "PUT", "/settings/sync", ana, { batch_size: 20 })).status, 200);
    assert.equal((await call(svc.app, "GET", "/enterprise/users", ana)).status, 200);
    await call(svc.app, "PUT", "/enterprise/users/ana/access", boss, {
      access_level: "full_access",
      allowed_features: ["settings"],
      expires_at: "2026-06-01T13:00:00Z",
    });
    assert.equal((await call(svc.app, "PUT", "/settings/sync", ana, { batch_size: 25 })).status, 200);
    const admin = await call(svc.app, "GET", "/enterprise/users", ana);
    assert.equal(admin.body.error?.details.reason, "access_level_lacks_permission");
    const feature = await call(svc.app, "GET", "/sync/jobs", ana);
    assert.equal(feature.status, 403);
    assert.equal(feature.body.error?.details.reason, "feature_not_granted");

    // A grant never widens: a viewer granted admin is still a viewer.
    await call(svc.app, "PUT", "/enterprise/users/val/access", boss, { access_level: "admin" });
    const val = await bearer({ sub: "val", role: "viewer" });
    assert.equal(
      (await call(svc.app, "PUT", "/settings/sync", val, { batch_size: 25 })).body.error?.details.reason,
      "role_lacks_permission",
    );
    // Nor beyond the organization: ana's grant in org-a says nothing of her token for org-b.
    const anaB = {
      Authorization: `Bearer ${await signTestToken({ sub: "ana", org: "org-b", role: "admin" })}`,
    };
    assert.equal((await call(svc.app, "GET", "/sync/jobs", anaB)).status, 200);

    svc.clock.set("2026-06-01T12:59:59.999Z");
    assert.equal((await call(svc.app, "GET", "/settings/sync", ana)).status, 200);
    svc.clock.set("2026-06-01T13:00:00.000Z");
    const expired = await call(svc.app, "GET", "/settings/sync", ana);
    assert.equal(expired.status, 403);
    assert.equal(expired.body.error?.details.reason, "grant_expired");
    const listed = await call(svc.app, "GET", "/enterprise/users/ana/access", boss);
    assert.equal(listed.body.data.status, "expired");
    assert.deepEqual(listed.body.data.permissions, []);
    await call(svc.app, "DELETE", "/enterprise/users/ana/access", boss);
    assert.equal((await call(svc.app, "GET", "/enterprise/users", ana)).status, 200, "the token alone again");
  } finally {
    await svc.close();
  }
});

Deno.test("a grant's properties narrow what the user writes and reads", async () => {
  const svc = await startTestService();
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    await call(svc.app, "PUT", "/enterprise/users/pm/access", boss, {
      access_level: "basic",
      allowed_properties: ["prop_1"],
    });
    const pm = await bearer({ sub: "pm", role: "property_manager" });
    const property = (id: string) => ({ id, organization_id: "org-a", name: `Property ${id}` });
    assert.equal(
      (await call(svc.app, "PUT", "/records/property/prop_1", pm, property("prop_1"))).status,
      201,
    );
    const outside = await call(svc.app, "PUT", "/records/property/prop_2", pm, property("prop_2"));
    assert.equal(outside.status, 403);
    assert.equal(outside.body.error?.code, "FORBIDDEN");
    assert.equal(
      (await call(svc.app, "PUT", "/records/property/prop_2", boss, property("prop_2"))).status,
      201,
    );
    const listed = await call(svc.app, "GET", "/records/property", pm);
    assert.deepEqual(listed.body.data.items.map((r: { data: { id: string } }) => r.data.id), ["prop_1"]);
  } finally {
    await svc.close();
  }
});
