import assert from "node:assert/strict";
import { PUBLIC } from "../../../adapters/http/access.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { authHeader, signTestToken, startTestService } from "../../support/service.ts";
import type { ApiApp } from "../../../adapters/http/api_types.ts";

async function json(res: Response) {
  return await res.json() as {
    success: boolean;
    data: unknown;
    error: { code: string; message: string; details: Record<string, unknown> | null } | null;
    timestamp: string;
  };
}

Deno.test("createHttpApp health answers the envelope without authentication on both base paths", async () => {
  const svc = await startTestService();
  try {
    for (const base of ["/api/quickbooks", "/api/v1/quickbooks"]) {
      const res = await svc.app.request(`${base}/health`);
      assert.equal(res.status, 200);
      const body = await json(res);
      assert.equal(body.success, true);
      assert.equal(body.error, null);
      assert.equal((body.data as { status: string }).status, "ok");
      assert.equal(body.timestamp, "2026-06-01T12:00:00.000Z");
    }
  } finally {
    await svc.close();
  }
});

Deno.test("createHttpApp readiness checks the database", async () => {
  const svc = await startTestService();
  try {
    const res = await svc.app.request("/api/quickbooks/health/ready");
    assert.equal(res.status, 200);
    assert.deepEqual((await json(res)).data, {
      ready: true,
      checks: { database: { ok: true }, quickbooks_circuits: { ok: true } },
    });
  } finally {
    await svc.close();
  }
});

Deno.test("createHttpApp echoes a valid X-Request-Id and makes one otherwise", async () => {
  const svc = await startTestService();
  try {
    const echoed = await svc.app.request("/api/quickbooks/health", {
      headers: { "X-Request-Id": "abc-123" },
    });
    assert.equal(echoed.headers.get("x-request-id"), "abc-123");
    const made = await svc.app.request("/api/quickbooks/health", {
      headers: { "X-Request-Id": "bad id with spaces" },
    });
    assert.match(made.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    const failing = await svc.app.request("/api/quickbooks/organization", {
      headers: { "X-Request-Id": "r-401" },
    });
    assert.equal(failing.headers.get("x-request-id"), "r-401", "errors carry the request id too");
  } finally {
    await svc.close();
  }
});

Deno.test("requireAuth rejects missing, malformed, forged, expired and claim-less tokens with exact codes", async () => {
  const svc = await startTestService();
  try {
    const call = (headers: Record<string, string>) =>
      svc.app.request("/api/quickbooks/organization", { headers });
    const cases: [Record<string, string>, string][] = [
      [{}, "AUTH_MISSING_TOKEN"],
      [{ Authorization: "Basic dXNlcjpwYXNz" }, "AUTH_INVALID_TOKEN"],
      [{ Authorization: "Bearer not-a-jwt" }, "AUTH_INVALID_TOKEN"],
      [{
        Authorization: `Bearer ${await signTestToken({ sub: "u", org: "o", role: "admin" }, {
          secret: "another-secret-that-is-long-enough-32",
        })}`,
      }, "AUTH_INVALID_TOKEN"],
      [{
        Authorization: `Bearer ${await signTestToken({ sub: "u", org: "o", role: "admin" }, {
          expiresAt: new Date("2026-06-01T11:59:00Z"),
        })}`,
      }, "AUTH_TOKEN_EXPIRED"],
      [{ Authorization: `Bearer ${await signTestToken({ sub: "u", role: "admin" })}` }, "AUTH_INVALID_TOKEN"],
    ];
    for (const [headers, code] of cases) {
      const res = await call(headers);
      assert.equal(res.status, 401, `status for ${code}`);
      const body = await json(res);
      assert.equal(body.success, false);
      assert.equal(body.data, null);
      assert.equal(body.error?.code, code);
    }
    const noOrg = await json(
      await call({ Authorization: `Bearer ${await signTestToken({ sub: "u", role: "admin" })}` }),
    );
    assert.deepEqual(noOrg.error?.details, { reason: "missing_claims", missing_claims: ["org"] });
  } finally {
    await svc.close();
  }
});

Deno.test("organization routes never expose another organization's data", async () => {
  const svc = await startTestService();
  try {
    const a = await authHeader("org-x");
    const b = await authHeader("org-y");
    const put = (h: Record<string, string>, name: string) =>
      svc.app.request("/api/quickbooks/organization", {
        method: "PUT",
        headers: { ...h, "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
    assert.equal((await put(a, "Org X")).status, 201);
    assert.equal((await put(b, "Org Y")).status, 201);
    assert.equal((await put(a, "Org X")).status, 200, "registration is idempotent");

    const own = await json(await svc.app.request("/api/quickbooks/organizations/org-x", { headers: a }));
    assert.equal((own.data as { name: string }).name, "Org X");

    const cross = await svc.app.request("/api/quickbooks/organizations/org-x", { headers: b });
    assert.equal(cross.status, 403);
    const body = await json(cross);
    assert.equal(body.error?.code, "ORG_ACCESS_DENIED");
    assert.equal(body.data, null);
    assert.doesNotMatch(JSON.stringify(body), /Org X/);

    const mine = await json(await svc.app.request("/api/quickbooks/organization", { headers: b }));
    assert.equal((mine.data as { id: string }).id, "org-y");

    const trail = await json(await svc.app.request("/api/quickbooks/audit", { headers: a }));
    const records = trail.data as { action: string; target: string; hash: string }[];
    assert.deepEqual(records.map((r) => [r.action, r.target]), [["organization.registered", "org:org-x"]]);
    assert.match(records[0].hash, /^[0-9a-f]{64}$/, "records are sealed into the SHA-256 hash chain");
  } finally {
    await svc.close();
  }
});

Deno.test("createHttpApp maps bad JSON, validation errors and oversize bodies to exact codes", async () => {
  const svc = await startTestService({ MAX_BODY_BYTES: "2048" });
  try {
    const h = { ...(await authHeader()), "content-type": "application/json" };
    const badJson = await svc.app.request("/api/quickbooks/organization", {
      method: "PUT",
      headers: h,
      body: '{"name": ',
    });
    assert.equal(badJson.status, 400);
    assert.equal((await json(badJson)).error?.code, "INVALID_JSON");

    const invalid = await svc.app.request("/api/quickbooks/organization", {
      method: "PUT",
      headers: h,
      body: JSON.stringify({ name: "" }),
    });
    assert.equal(invalid.status, 400);
    const body = await json(invalid);
    assert.equal(body.error?.code, "VALIDATION_FAILED");
    assert.deepEqual((body.error?.details?.issues as { path: string }[]).map((i) => i.path), ["json.name"]);

    const huge = await svc.app.request("/api/quickbooks/organization", {
      method: "PUT",
      headers: h,
      body: JSON.stringify({ name: "x".repeat(5000) }),
    });
    assert.equal(huge.status, 413);
    assert.equal((await json(huge)).error?.code, "PAYLOAD_TOO_LARGE");

    const badQuery = await svc.app.request("/api/quickbooks/audit?limit=0", { headers: h });
    assert.equal(badQuery.status, 400);
    assert.deepEqual(
      ((await json(badQuery)).error?.details?.issues as { path: string }[]).map((i) => i.path),
      ["query.limit"],
    );
  } finally {
    await svc.close();
  }
});

Deno.test("createHttpApp answers unknown routes with NOT_FOUND in the envelope", async () => {
  const svc = await startTestService();
  try {
    const res = await svc.app.request("/api/quickbooks/nope", { headers: await authHeader() });
    assert.equal(res.status, 404);
    assert.equal((await json(res)).error?.code, "NOT_FOUND");
  } finally {
    await svc.close();
  }
});

Deno.test("createHttpApp logs unknown errors and answers INTERNAL_ERROR without internals", async () => {
  const { createHttpApp } = await import("../../../adapters/http/app.ts");
  const { JsonLogger } = await import("../../../adapters/logging/json_logger.ts");
  const { createTokenVerifier } = await import("../../../adapters/http/auth.ts");
  const { TEST_SECRET } = await import("../../support/service.ts");
  const logs: string[] = [];
  const now = () => new Date("2026-06-01T12:00:00.000Z");
  const failing = (api: ApiApp) =>
    api.openapi(
      createRoute({
        method: "get",
        path: "/boom",
        ...PUBLIC,
        responses: {
          200: { description: "never", content: { "application/json": { schema: z.object({}) } } },
        },
      }),
      () => {
        throw new Error("database password=hunter2 exploded at /srv/internal/path.ts");
      },
    );
  const app = createHttpApp({
    logger: new JsonLogger({ sink: (l) => logs.push(l), now }),
    now,
    newId: () => "req-fixed",
    verifyToken: createTokenVerifier({ kind: "hs256", secret: TEST_SECRET }, now),
    maxBodyBytes: 1024,
    services: {
      version: "t",
      readiness: () => Promise.resolve({ ready: true, checks: {} }),
      getOrganization: () => Promise.reject(new Error("unused")),
      registerOrganization: () => Promise.reject(new Error("unused")),
      listAudit: () => Promise.resolve([]),
    },
    routeModules: [failing],
  });
  const res = await app.request("/api/quickbooks/boom", { headers: await authHeader() });
  assert.equal(res.status, 500);
  const body = await json(res);
  assert.equal(body.error?.code, "INTERNAL_ERROR");
  assert.equal(body.error?.message, "An unexpected error occurred");
  assert.deepEqual(body.error?.details, { request_id: "req-fixed" });
  assert.doesNotMatch(JSON.stringify(body), /hunter2|internal\/path/);
  const logged = logs.map((l) => JSON.parse(l)).find((l) => l.msg === "unhandled error");
  assert.ok(logged, "the failure is logged");
  assert.equal(logged.request_id, "req-fixed");
  assert.match(logged.error.message, /exploded/);
});

Deno.test("createHttpApp serves the OpenAPI 3.1 document and a docs page that renders without the network", async () => {
  const svc = await startTestService();
  try {
    const spec = await (await svc.app.request("/api/v1/quickbooks/openapi.json")).json();
    assert.equal(spec.openapi, "3.1.0");
    assert.ok(spec.paths["/organization"].get.security, "authenticated routes declare bearer security");
    for (const path of ["/docs", "/api/quickbooks/docs"]) {
      const res = await svc.app.request(path);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/);
      const html = await res.text();
      assert.match(html, /<code>\/health<\/code>/);
      assert.match(html, /<code>\/organizations\/\{org_id\}<\/code>/);
      assert.doesNotMatch(html, /<script/);
    }
    const interactive = await svc.app.request("/docs/interactive");
    assert.equal(interactive.status, 200);
  } finally {
    await svc.close();
  }
});

Deno.test("declared permissions gate routes with FORBIDDEN; unknown roles are refused at authentication", async () => {
  const svc = await startTestService();
  try {
    const audit = async (role: string) =>
      svc.app.request("/api/quickbooks/audit", { headers: await authHeader("org-a", role) });
    assert.equal((await audit("admin")).status, 200);
    assert.equal((await audit("accountant")).status, 200);
    const viewer = await audit("viewer");
    assert.equal(viewer.status, 403);
    const body = await json(viewer);
    assert.equal(body.error?.code, "FORBIDDEN");
    assert.equal(body.error?.details?.permission, "audit:read");
    // A role outside the policy is refused at authentication, for reads as for writes.
    const unknown = await audit("superuser");
    assert.equal(unknown.status, 401);
    assert.equal((await json(unknown)).error?.code, "AUTH_INVALID_TOKEN");

    const register = await svc.app.request("/api/quickbooks/organization", {
      method: "PUT",
      headers: { ...(await authHeader("org-a", "property_manager")), "content-type": "application/json" },
      body: JSON.stringify({ name: "Nope" }),
    });
    assert.equal(register.status, 403);
  } finally {
    await svc.close();
  }
});
