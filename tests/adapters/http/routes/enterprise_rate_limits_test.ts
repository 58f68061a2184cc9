import assert from "node:assert/strict";
import { API_BASE, call } from "../../../support/api_call.ts";
import { authHeader, startTestService } from "../../../support/service.ts";
import { api, connect, startService } from "../../../support/e2e_service.ts";

const LIMITS = {
  RATE_LIMITING: "true",
  RATE_LIMIT_ORGANIZATION: "20/60s:10",
  RATE_LIMIT_PER_USER: "6/60s:4",
  RATE_LIMIT_PER_KEY: "8/60s:5",
};

async function raw(
  app: { request: (u: string, i?: RequestInit) => Response | Promise<Response> },
  path: string,
  headers: Record<string, string>,
) {
  const res = await app.request(`${API_BASE}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

Deno.test("rate limits: every authenticated answer carries RateLimit fields; past the user's limit 429 with Retry-After", async () => {
  const svc = await startTestService(LIMITS);
  try {
    const ana = await authHeader("org-a", "admin", "ana");
    svc.clock.set("2026-06-01T12:00:00.000Z");
    const first = await raw(svc.app, "/sync/jobs", ana);
    assert.equal(first.status, 200);
    assert.equal(
      first.headers.get("RateLimit-Policy"),
      '"organization";q=20;w=60, "organization-burst";q=10;w=1, "user";q=6;w=60, "user-burst";q=4;w=1',
    );
    assert.equal(
      first.headers.get("RateLimit"),
      '"organization";r=19;t=60, "organization-burst";r=9;t=1, "user";r=5;t=60, "user-burst";r=3;t=1',
    );
    for (let i = 0; i < 3; i++) assert.equal((await raw(svc.app, "/sync/jobs", ana)).status, 200);
    const burst = await raw(svc.app, "/sync/jobs", ana);
    assert.equal(burst.status, 429);
    assert.equal(burst.headers.get("Retry-After"), "1");
    assert.deepEqual(burst.body.error, {
      code: "RATE_LIMITED",
      message: 'Rate limit "user-burst" reached: 4 calls per 1 s; retry in 1 s',
      details: { policy: "user-burst", limit: 4, window_seconds: 1, retry_after_seconds: 1 },
    });
    assert.match(burst.headers.get("RateLimit") ?? "", /"user-burst";r=0;t=1/);
    svc.clock.set("2026-06-01T12:00:01.000Z");
    assert.equal((await raw(svc.app, "/sync/jobs", ana)).status, 200, "the next second allows again");
    svc.clock.set("2026-06-01T12:00:20.000Z");
    const window = await raw(svc.app, "/sync/jobs", ana);
    assert.equal(window.status, 429, "6 per minute, refused ones counted too");
    assert.equal(window.headers.get("Retry-After"), "40");
    assert.equal(window.body.error.details.policy, "user");
    // Another user of the organization has a window of its own; health is never counted.
    assert.equal((await raw(svc.app, "/sync/jobs", await authHeader("org-a", "admin", "bob"))).status, 200);
    const health = await svc.app.request(`${API_BASE}/health`);
    assert.equal(health.status, 200);
    assert.equal(health.headers.get("RateLimit"), null);
    svc.clock.set("2026-06-01T12:01:00.000Z");
    assert.equal((await raw(svc.app, "/sync/jobs", ana)).status, 200, "a new minute");
  } finally {
    await svc.close();
  }
});

Deno.test("rate limits: the organization's limit holds over all its users; another organization is not counted", async () => {
  const svc = await startTestService({ ...LIMITS, RATE_LIMIT_ORGANIZATION: "10/60s:10" });
  try {
    svc.clock.set("2026-06-01T12:00:00.000Z");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await raw(svc.app, "/sync/jobs", await authHeader("org-a", "admin", `user-${i}`))).status,
      );
      svc.clock.advance(300);
    }
    assert.deepEqual(statuses, [...Array(10).fill(200), 429, 429]);
    assert.equal(
      (await raw(svc.app, "/sync/jobs", await authHeader("org-b", "admin", "user-0"))).status,
      200,
    );
  } finally {
    await svc.close();
  }
});

Deno.test("rate limits: GET/PUT /enterprise/rate-limits within the service's ceilings, applied on the next call, audited", async () => {
  const svc = await startTestService(LIMITS);
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    const initial = await call(svc.app, "GET", "/enterprise/rate-limits", boss);
    assert.deepEqual(initial.body.data, {
      organization: { limit: 20, window_seconds: 60, burst: 10 },
      per_user: { limit: 6, window_seconds: 60, burst: 4 },
      per_key: { limit: 8, window_seconds: 60, burst: 5 },
      ceilings: {
        organization: { limit: 20, window_seconds: 60, burst: 10 },
        per_user: { limit: 6, window_seconds: 60, burst: 4 },
        per_key: { limit: 8, window_seconds: 60, burst: 5 },
      },
      configured: false,
      version: 0,
      updated_at: null,
    });
    const above = await call(svc.app, "PUT", "/enterprise/rate-limits", boss, {
      organization: { limit: 21, window_seconds: 60, burst: 10 },
      per_user: { limit: 6, window_seconds: 60, burst: 5 },
      per_key: { limit: 8, window_seconds: 60, burst: 5 },
    });
    assert.equal(above.status, 400);
    assert.deepEqual(above.body.error?.details.issues.map((i: { path: string }) => i.path), [
      "json.organization",
      "json.per_user",
    ]);
    svc.clock.set("2026-06-01T12:05:00.000Z");
    const set = await call(svc.app, "PUT", "/enterprise/rate-limits", boss, {
      organization: { limit: 20, window_seconds: 60, burst: 10 },
      per_user: { limit: 1, window_seconds: 60, burst: 1 },
      per_key: { limit: 8, window_seconds: 60, burst: 5 },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual([set.body.data.configured, set.body.data.version], [true, 1]);
    const carl = await authHeader("org-a", "viewer", "carl");
    svc.clock.set("2026-06-01T12:06:00.000Z");
    assert.equal((await raw(svc.app, "/sync/jobs", carl)).status, 200);
    assert.equal((await raw(svc.app, "/sync/jobs", carl)).body.error?.details.policy, "user");
    const audit = await call(svc.app, "GET", "/audit", boss);
    const entry = (audit.body.data.items ?? audit.body.data).find((e: { action: string }) =>
      e.action === "settings.rate_limits_updated"
    );
    assert.deepEqual(entry.details.per_user, { limit: 1, window_seconds: 60, burst: 1 });
    assert.equal(
      (await call(
        svc.app,
        "PUT",
        "/enterprise/rate-limits",
        await authHeader("org-a", "accountant", "acc"),
        set.body.data,
      )).status,
      403,
    );
  } finally {
    await svc.close();
  }
});

Deno.test("rate limits: a key has its own window and a daily quota; usage counts its calls per UTC day", async () => {
  const svc = await startTestService(LIMITS);
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    svc.clock.set("2026-06-01T23:59:00.000Z");
    const tooFast = await call(svc.app, "POST", "/enterprise/api-keys", boss, {
      name: "fast",
      scopes: ["sync:read"],
      rate_limit: { limit: 9, window_seconds: 60, burst: 5 },
    });
    assert.equal(tooFast.body.error?.details.issues[0].path, "json.rate_limit");
    const made = await call(svc.app, "POST", "/enterprise/api-keys", boss, {
      name: "metered",
      scopes: ["sync:read"],
      rate_limit: { limit: 4, window_seconds: 30, burst: 5 },
      daily_call_quota: 3,
      daily_quickbooks_quota: 100,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(
      [
        made.body.data.key.rate_limit,
        made.body.data.key.daily_call_quota,
        made.body.data.key.daily_quickbooks_quota,
      ],
      [{ limit: 4, window_seconds: 30, burst: 5 }, 3, 100],
    );
    const key = { Authorization: `Bearer ${made.body.data.secret}` };
    const id = made.body.data.key.id;
    const first = await raw(svc.app, "/sync/jobs", key);
    assert.match(
      first.headers.get("RateLimit-Policy") ?? "",
      /"key";q=4;w=30, "key-burst";q=5;w=1, "daily";q=3;w=86400, "daily_quickbooks";q=100;w=86400/,
    );
    svc.clock.advance(1000);
    assert.equal((await raw(svc.app, "/sync/jobs", key)).status, 200);
    svc.clock.advance(1000);
    assert.equal((await raw(svc.app, "/sync/jobs", key)).status, 200);
    svc.clock.advance(1000);
    const spent = await raw(svc.app, "/sync/jobs", key);
    assert.equal(spent.status, 429);
    assert.equal(spent.body.error.details.policy, "daily");
    assert.equal(spent.headers.get("Retry-After"), "57", "until UTC midnight");
    const usage = await call(svc.app, "GET", `/enterprise/api-keys/${id}/usage?days=2`, boss);
    assert.deepEqual(usage.body.data, {
      key_id: id,
      date: "2026-06-01",
      resets_at: "2026-06-02T00:00:00.000Z",
      calls: { used: 4, quota: 3, remaining: 0 },
      quickbooks_calls: { used: 0, quota: 100, remaining: 100 },
      history: [{ date: "2026-06-01", calls: 4, quickbooks_calls: 0 }, {
        date: "2026-05-31",
        calls: 0,
        quickbooks_calls: 0,
      }],
    });
    svc.clock.set("2026-06-02T00:00:00.000Z");
    assert.equal((await raw(svc.app, "/sync/jobs", key)).status, 200, "a new day");
    const next = await call(svc.app, "GET", `/enterprise/api-keys/${id}/usage`, boss);
    assert.deepEqual(next.body.data.history.slice(0, 2).map((h: { calls: number }) => h.calls), [1, 4]);
    assert.equal(
      (await call(svc.app, "GET", `/enterprise/api-keys/${id}/usage`, await authHeader("org-b"))).status,
      404,
    );
  } finally {
    await svc.close();
  }
});

Deno.test({
  name:
    "rate limits: QuickBooks calls made while a key's request is served count against its daily QuickBooks quota",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({}, { RATE_LIMITING: "true" });
    try {
      assert.equal((await api(run, "PUT", "/organization", "org-qbo", { name: "QBO" })).status, 201);
      assert.equal((await connect(run, "org-qbo")).status, 200);
      const made = await api(run, "POST", "/enterprise/api-keys", "org-qbo", {
        name: "lists",
        scopes: ["mappings:read"],
        daily_quickbooks_quota: 2,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const usage = async () =>
        (await api(run, "GET", `/enterprise/api-keys/${made.body.data.key.id}/usage`, "org-qbo")).body.data;
      const list = (path: string) =>
        fetch(`${run.base}/api/quickbooks${path}`, { headers: { "X-API-Key": made.body.data.secret } })
          .then(async (res) => ({ status: res.status, body: await res.json() }));
      // A token's calls to QuickBooks are nobody's: they do not count for the key.
      assert.equal((await api(run, "GET", "/terms", "org-qbo")).status, 200);
      assert.equal((await usage()).quickbooks_calls.used, 0);
      assert.equal((await list("/accounts")).status, 200);
      const afterOne = (await usage()).quickbooks_calls.used;
      assert.ok(afterOne >= 1, `the first read of the chart of accounts asked QuickBooks (${afterOne})`);
      assert.equal((await list("/accounts")).status, 200, "the second read comes from the cache");
      assert.equal((await usage()).quickbooks_calls.used, afterOne);
      if (afterOne < 2) assert.equal((await list("/classes")).status, 200);
      const spent = await list("/items");
      assert.equal(spent.status, 429);
      assert.equal(spent.body.error.details.policy, "daily_quickbooks");
      assert.equal((await usage()).quickbooks_calls.remaining, 0);
    } finally {
      await run.close();
    }
  },
});

Deno.test("rate limits: a flood of failed authentications from one address is answered 429, not 401", async () => {
  const svc = await startTestService({ ...LIMITS, RATE_LIMIT_FAILED_AUTHENTICATION: "5/60s:100" });
  try {
    svc.clock.set("2026-06-01T12:00:00.000Z");
    const statuses: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await raw(svc.app, "/sync/jobs", { Authorization: `Bearer not-a-token-${i}` });
      statuses.push(`${res.status} ${res.body.error.code}`);
      if (i === 6) {
        assert.equal(res.headers.get("Retry-After"), "60");
        assert.equal(res.body.error.details.policy, "failed_authentication");
      }
    }
    assert.deepEqual(statuses, [
      ...Array(5).fill("401 AUTH_INVALID_TOKEN"),
      "429 RATE_LIMITED",
      "429 RATE_LIMITED",
    ]);
    assert.equal((await raw(svc.app, "/sync/jobs", {})).status, 429, "a missing token is a failure too");
    assert.equal((await raw(svc.app, "/sync/jobs", await authHeader("org-a", "admin", "ana"))).status, 200);
    svc.clock.set("2026-06-01T12:01:00.000Z");
    assert.equal(
      (await raw(svc.app, "/sync/jobs", { Authorization: "Bearer bad" })).status,
      401,
      "a new window",
    );
  } finally {
    await svc.close();
  }
});
