import assert from "node:assert/strict";
import { API_BASE, type Body, call } from "../../../support/api_call.ts";
import { authHeader, signTestToken, startTestService } from "../../../support/service.ts";

const BASE = API_BASE;

const usd = (cents: number) => ({ cents, currency: "USD" });
const property = (id: string, org = "org-a") => ({ id, organization_id: org, name: `Property ${id}` });
const tenant = (id: string, propertyId?: string) => ({
  id,
  first_name: "Jane",
  last_name: `Doe ${id}`,
  ...(propertyId ? { property_id: propertyId } : {}),
});
const lease = (id: string, propertyId: string, tenantId: string) => ({
  id,
  property_id: propertyId,
  tenant_ids: [tenantId],
  rent: usd(150_000),
  due_day: 1,
  start_date: "2026-01-01",
  security_deposit: usd(100_000),
});
const charge = (id: string, leaseId: string, tenantId: string, propertyId: string) => ({
  id,
  lease_id: leaseId,
  tenant_id: tenantId,
  property_id: propertyId,
  type: "rent",
  amount: usd(150_000),
  billing_period: "2026-03",
  service_period: { start: "2026-03-01", end: "2026-03-31" },
  due_date: "2026-03-01",
});

async function scopedHeader(org: string, role: string, propertyIds: string[]) {
  return {
    Authorization: `Bearer ${await signTestToken({ sub: "pm-1", org, role, property_ids: propertyIds })}`,
  };
}

Deno.test("registerIntakeRoutes PUT creates, keeps identical content unchanged, versions changes", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const created = await call(svc.app, "PUT", "/records/property/p1", h, property("p1"));
    assert.equal(created.status, 201);
    assert.equal(created.body.data.status, "created");
    assert.equal(created.body.data.record.version, 1);
    assert.equal(created.body.data.record.property_id, "p1");
    assert.equal(created.body.data.record.data.active, true, "schema defaults are stored");

    const same = await call(svc.app, "PUT", "/records/property/p1", h, {
      name: "Property p1",
      organization_id: "org-a",
    });
    assert.equal(same.status, 200);
    assert.equal(same.body.data.status, "unchanged");
    assert.equal(same.body.data.record.version, 1);

    const changed = await call(svc.app, "PUT", "/records/property/p1", h, {
      ...property("p1"),
      name: "Maple Court",
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.data.status, "updated");
    assert.equal(changed.body.data.record.version, 2);

    const read = await call(svc.app, "GET", "/records/property/p1", h);
    assert.equal(read.status, 200);
    assert.equal(read.body.data.data.name, "Maple Court");
    assert.equal(read.body.data.version, 2);
  } finally {
    await svc.close();
  }
});

Deno.test("registerIntakeRoutes PUT rejects bad input with exact codes and field paths", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const noName = await call(svc.app, "PUT", "/records/tenant/t1", h, { first_name: "", last_name: "" });
    assert.equal(noName.status, 400);
    assert.equal(noName.body.error?.code, "VALIDATION_FAILED");
    assert.deepEqual(noName.body.error?.details?.issues.map((i: { path: string }) => i.path), [
      "json.last_name",
    ]);

    // Each record type has its own PUT route (its body is that type's schema): there is none for others.
    const badType = await call(svc.app, "PUT", "/records/spaceship/x1", h, { id: "x1" });
    assert.equal(badType.status, 404);
    assert.equal(badType.body.error?.code, "NOT_FOUND");
    const badTypeRead = await call(svc.app, "GET", "/records/spaceship/x1", h);
    assert.equal(badTypeRead.status, 400);
    assert.match(JSON.stringify(badTypeRead.body.error?.details), /param\.record_type/);

    const idMismatch = await call(svc.app, "PUT", "/records/tenant/t1", h, tenant("t2"));
    assert.equal(idMismatch.status, 400);
    assert.deepEqual(idMismatch.body.error?.details?.issues.map((i: { path: string }) => i.path), [
      "json.id",
    ]);

    const otherOrgProperty = await call(svc.app, "PUT", "/records/property/p9", h, property("p9", "org-b"));
    assert.equal(otherOrgProperty.status, 400);
    assert.equal(otherOrgProperty.body.error?.details?.issues[0].path, "json.organization_id");

    const danglingCharge = await call(
      svc.app,
      "PUT",
      "/records/charge/c1",
      h,
      charge("c1", "l-missing", "t-missing", "p1"),
    );
    assert.equal(danglingCharge.status, 400);
    assert.equal(danglingCharge.body.error?.code, "VALIDATION_FAILED");
    assert.deepEqual(
      danglingCharge.body.error?.details?.issues.map((i: { path: string }) => i.path),
      ["json.lease_id", "json.tenant_id"],
    );

    const notJson = await svc.app.request(`${BASE}/records/tenant/t1`, {
      method: "PUT",
      headers: { ...h, "Content-Type": "application/json" },
      body: "{not json",
    });
    assert.equal(notJson.status, 400);

    const viewer = await call(
      svc.app,
      "PUT",
      "/records/tenant/t1",
      await authHeader("org-a", "viewer"),
      tenant("t1"),
    );
    assert.equal(viewer.status, 403);
    assert.equal(viewer.body.error?.code, "FORBIDDEN");
    const stranger = await call(
      svc.app,
      "PUT",
      "/records/tenant/t1",
      await authHeader("org-a", "janitor"),
      tenant("t1"),
    );
    assert.equal(stranger.status, 401, "a role outside the policy is refused at authentication");
    assert.equal(stranger.body.error?.code, "AUTH_INVALID_TOKEN");
  } finally {
    await svc.close();
  }
});

Deno.test("registerIntakeRoutes DELETE tombstones with a version bump; GET and DELETE of unknown records are NOT_FOUND", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    await call(svc.app, "PUT", "/records/vendor/v1", h, { id: "v1", name: "Ace Plumbing" });
    const deleted = await call(svc.app, "DELETE", "/records/vendor/v1", h);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.data.changed, true);
    assert.equal(deleted.body.data.record.deleted, true);
    assert.equal(deleted.body.data.record.version, 2);
    const again = await call(svc.app, "DELETE", "/records/vendor/v1", h);
    assert.equal(again.body.data.changed, false);
    assert.equal(again.body.data.record.version, 2);
    const read = await call(svc.app, "GET", "/records/vendor/v1", h);
    assert.equal(read.body.data.deleted, true);
    assert.equal((await call(svc.app, "GET", "/records/vendor/nope", h)).body.error?.code, "NOT_FOUND");
    const missing = await call(svc.app, "DELETE", "/records/vendor/nope", h);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error?.code, "NOT_FOUND");
    const listed = await call(svc.app, "GET", "/records/vendor", h);
    assert.deepEqual(listed.body.data.items, [], "tombstones are hidden unless asked for");
    const withDeleted = await call(svc.app, "GET", "/records/vendor?include_deleted=true", h);
    assert.deepEqual(withDeleted.body.data.items.map((r: { id: string }) => r.id), ["v1"]);
  } finally {
    await svc.close();
  }
});

Deno.test("registerIntakeRoutes GET /records/{type} pages by cursor", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const records = ["v1", "v2", "v3", "v4", "v5"].map((id) => ({
      type: "vendor",
      data: { id, name: `Vendor ${id}` },
    }));
    await call(svc.app, "POST", "/records/bulk", h, { records });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: Body } = await call(
        svc.app,
        "GET",
        `/records/vendor?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        h,
      );
      seen.push(...page.body.data.items.map((r: { id: string }) => r.id));
      cursor = page.body.data.next_cursor;
      pages++;
    } while (cursor !== null);
    assert.deepEqual(seen, ["v1", "v2", "v3", "v4", "v5"]);
    assert.equal(pages, 3);
    const badCursor = await call(svc.app, "GET", "/records/vendor?cursor=not*a*cursor", h);
    assert.equal(badCursor.status, 400);
    assert.equal(badCursor.body.error?.code, "VALIDATION_FAILED");
    const badLimit = await call(svc.app, "GET", "/records/vendor?limit=0", h);
    assert.equal(badLimit.status, 400);
  } finally {
    await svc.close();
  }
});

Deno.test("registerIntakeRoutes POST /records/bulk reports each item; bad items never block good ones", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const records = [
      { type: "property", data: property("p1") },
      { type: "tenant", data: tenant("t1", "p1") },
      { type: "tenant", data: { id: "t-bad", first_name: "", last_name: "" } },
      { type: "lease", data: lease("l1", "p1", "t1") },
      { type: "charge", data: charge("c1", "l1", "t1", "p1") }, // lease in the same request
      { type: "charge", data: charge("c2", "l-missing", "t1", "p1") },
      { type: "lease", data: lease("l-bad", "p1", "t-bad") }, // leans on an invalid tenant
      { type: "charge", data: charge("c3", "l-bad", "t1", "p1") }, // leans on the invalid lease
      { type: "spaceship", data: { id: "s1" } },
      "not even an object",
    ];
    const res = await call(svc.app, "POST", "/records/bulk", h, { records });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data.summary, {
      received: 10,
      created: 4,
      updated: 0,
      unchanged: 0,
      invalid: 6,
    });
    const byIndex = res.body.data.results;
    assert.deepEqual(byIndex.map((r: { status: string }) => r.status), [
      "created",
      "created",
      "invalid",
      "created",
      "created",
      "invalid",
      "invalid",
      "invalid",
      "invalid",
      "invalid",
    ]);
    assert.equal(byIndex[2].error.code, "VALIDATION_FAILED");
    assert.deepEqual(byIndex[2].error.issues.map((i: { path: string }) => i.path), ["last_name"]);
    assert.deepEqual(byIndex[5].error.issues.map((i: { path: string }) => i.path), ["lease_id"]);
    assert.deepEqual(byIndex[6].error.issues.map((i: { path: string }) => i.path), ["tenant_ids.0"]);
    assert.deepEqual(byIndex[7].error.issues.map((i: { path: string }) => i.path), ["lease_id"]);
    assert.deepEqual(byIndex[8].error.issues.map((i: { path: string }) => i.path), ["type"]);
    assert.equal(byIndex[9].error.code, "VALIDATION_FAILED");
    assert.equal((await call(svc.app, "GET", "/records/charge/c1", h)).status, 200);
    assert.equal((await call(svc.app, "GET", "/records/charge/c2", h)).status, 404);
    assert.equal((await call(svc.app, "GET", "/records/lease/l-bad", h)).status, 404);

    // The stored lease now satisfies a later single PUT's reference.
    const later = await call(svc.app, "PUT", "/records/charge/c9", h, charge("c9", "l1", "t1", "p1"));
    assert.equal(later.status, 201);
  } finally {
    await svc.close();
  }
});

Deno.test("registerIntakeRoutes POST /records/bulk stores 5,000 records, then reports them unchanged", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "service");
    const records = [
      { type: "property", data: property("p1") },
      ...Array.from(
        { length: 4_999 },
        (_, i) => ({ type: "tenant", data: tenant(`t${String(i).padStart(4, "0")}`, "p1") }),
      ),
    ];
    const first = await call(svc.app, "POST", "/records/bulk", h, { records });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.data.summary, {
      received: 5_000,
      created: 5_000,
      updated: 0,
      unchanged: 0,
      invalid: 0,
    });
    const again = await call(svc.app, "POST", "/records/bulk", h, { records });
    assert.equal(again.body.data.summary.unchanged, 5_000);
    const tooMany = await call(svc.app, "POST", "/records/bulk", h, { records: [...records, records[1]] });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error?.code, "VALIDATION_FAILED");
  } finally {
    await svc.close();
  }
});

Deno.test("registerIntakeRoutes POST /records/bulk accepts NDJSON and rejects other media types", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const ndjson = [
      JSON.stringify({ type: "vendor", data: { id: "v1", name: "Ace" } }),
      "{broken",
      "",
      JSON.stringify({ type: "vendor", data: { id: "v2", name: "Best" } }),
    ].join("\n");
    const res = await svc.app.request(`${BASE}/records/bulk`, {
      method: "POST",
      headers: { ...h, "Content-Type": "application/x-ndjson" },
      body: ndjson,
    });
    const body = await res.json() as Body;
    assert.equal(res.status, 200);
    assert.deepEqual(body.data.summary, { received: 3, created: 2, updated: 0, unchanged: 0, invalid: 1 });
    assert.equal(body.data.results[1].error.code, "INVALID_JSON");
    const plain = await svc.app.request(`${BASE}/records/bulk`, {
      method: "POST",
      headers: { ...h, "Content-Type": "text/plain" },
      body: "hello",
    });
    assert.equal(plain.status, 415);
    assert.equal(((await plain.json()) as Body).error?.code, "UNSUPPORTED_MEDIA_TYPE");
  } finally {
    await svc.close();
  }
});

Deno.test("registerIntakeRoutes enforces property scopes on writes and reads", async () => {
  const svc = await startTestService();
  try {
    const admin = await authHeader("org-a", "admin");
    await call(svc.app, "POST", "/records/bulk", admin, {
      records: [
        { type: "property", data: property("p1") },
        { type: "property", data: property("p2") },
        { type: "tenant", data: tenant("t2", "p2") },
        { type: "vendor", data: { id: "v1", name: "Ace" } },
      ],
    });
    const pm = await scopedHeader("org-a", "property_manager", ["p1"]);
    assert.equal((await call(svc.app, "PUT", "/records/tenant/t1", pm, tenant("t1", "p1"))).status, 201);
    const other = await call(svc.app, "PUT", "/records/tenant/t3", pm, tenant("t3", "p2"));
    assert.equal(other.status, 403);
    assert.equal(other.body.error?.code, "FORBIDDEN");
    const moveIn = await call(svc.app, "PUT", "/records/tenant/t2", pm, tenant("t2", "p1"));
    assert.equal(moveIn.status, 403, "a record stored under another property cannot be taken over");
    const vendor = await call(svc.app, "PUT", "/records/vendor/v2", pm, { id: "v2", name: "Best" });
    assert.equal(vendor.status, 403, "organization-wide records need an unscoped caller");

    const bulk = await call(svc.app, "POST", "/records/bulk", pm, {
      records: [{ type: "tenant", data: tenant("t4", "p1") }, { type: "tenant", data: tenant("t5", "p2") }],
    });
    assert.deepEqual(bulk.body.data.results.map((r: { status: string }) => r.status), ["created", "invalid"]);
    assert.equal(bulk.body.data.results[1].error.code, "FORBIDDEN");

    assert.equal((await call(svc.app, "GET", "/records/tenant/t2", pm)).status, 403);
    assert.equal((await call(svc.app, "DELETE", "/records/tenant/t2", pm)).status, 403);
    const listed = await call(svc.app, "GET", "/records/tenant", pm);
    assert.deepEqual(listed.body.data.items.map((r: { id: string }) => r.id), ["t1", "t4"]);
    const vendors = await call(svc.app, "GET", "/records/vendor", pm);
    assert.deepEqual(
      vendors.body.data.items.map((r: { id: string }) => r.id),
      ["v1"],
      "org-wide records stay visible",
    );
    assert.equal((await call(svc.app, "GET", "/records/tenant?property_id=p2", pm)).status, 403);
  } finally {
    await svc.close();
  }
});

Deno.test("registerIntakeRoutes never lets org B read or change org A's records", async () => {
  const svc = await startTestService();
  try {
    const a = await authHeader("org-a", "admin");
    const b = await authHeader("org-b", "admin");
    await call(svc.app, "PUT", "/records/vendor/v1", a, { id: "v1", name: "Ace" });
    assert.equal((await call(svc.app, "GET", "/records/vendor/v1", b)).status, 404);
    assert.deepEqual((await call(svc.app, "GET", "/records/vendor", b)).body.data.items, []);
    assert.equal((await call(svc.app, "DELETE", "/records/vendor/v1", b)).status, 404);
    const own = await call(svc.app, "PUT", "/records/vendor/v1", b, { id: "v1", name: "B's own Ace" });
    assert.equal(own.status, 201, "the same id in another org is another record");
    assert.equal((await call(svc.app, "GET", "/records/vendor/v1", a)).body.data.data.name, "Ace");
  } finally {
    await svc.close();
  }
});
