import assert from "node:assert/strict";
import { createEmulator, type Emulator } from "../../../../adapters/quickbooks-emulator/emulator.ts";
import type { EmulatorConfigInput } from "../../../../adapters/quickbooks-emulator/config.ts";

const ADMIN_TOKEN = "admin-routes-test-admin-token";
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function withEmulator(config: EmulatorConfigInput, run: (e: Emulator) => Promise<void>): Promise<void> {
  const emulator = await createEmulator({
    clock: { mode: "frozen", start: "2026-04-01T16:00:00Z" },
    adminToken: ADMIN_TOKEN,
    ...config,
  });
  try {
    await run(emulator);
  } finally {
    await emulator.close();
  }
}

/** An admin API request carrying the admin token. */
function admin(emulator: Emulator, path: string, init: RequestInit = {}): Promise<Response> {
  return Promise.resolve(emulator.app.request(path, { ...init, headers: { ...ADMIN, ...init.headers } }));
}

function post(emulator: Emulator, path: string, body: unknown): Promise<Response> {
  return Promise.resolve(emulator.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...ADMIN },
    body: typeof body === "string" ? body : JSON.stringify(body),
  }));
}

Deno.test("adminRoutes: GET /_emulator describes URLs, clients (no secrets) and companies", async () => {
  await withEmulator({ baseUrl: "http://qbo.local:8788" }, async (e) => {
    const res = await admin(e, "/_emulator");
    assert.equal(res.status, 200);
    assert.ok(res.headers.get("intuit_tid"));
    const info = await res.json();
    assert.equal(info.urls.token, "http://qbo.local:8788/oauth2/v1/tokens/bearer");
    assert.equal(info.urls.admin, "http://qbo.local:8788/_emulator");
    assert.deepEqual(info.clients[0], {
      clientId: "emulator-client-id",
      clientSecretSet: true,
      redirectUris: e.config.clients[0].redirectUris,
      appName: "EstateCore (emulated)",
    });
    assert.equal(info.webhooks.verifierTokenSet, true);
    assert.deepEqual(info.companies, e.companies.listCompanies());
    assert.deepEqual(info.clock, { now: "2026-04-01T16:00:00.000Z", mode: "frozen" });
  });
});

Deno.test("adminRoutes: clock set and advance move the emulator clock", async () => {
  await withEmulator({}, async (e) => {
    const set = await post(e, "/_emulator/clock/set", { now: "2026-06-30T23:59:00Z" });
    assert.deepEqual(await set.json(), { now: "2026-06-30T23:59:00.000Z", mode: "frozen" });
    const advanced = await post(e, "/_emulator/clock/advance", { ms: 60_000 });
    assert.deepEqual(await advanced.json(), { now: "2026-07-01T00:00:00.000Z", mode: "frozen" });
    assert.equal(e.clock.now().toISOString(), "2026-07-01T00:00:00.000Z");
    assert.equal((await post(e, "/_emulator/clock/advance", { ms: -5 })).status, 400);
    assert.equal((await post(e, "/_emulator/clock/advance", { ms: 1, seconds: 1 })).status, 400);
    assert.equal((await post(e, "/_emulator/clock/advance", "not json")).status, 400);
  });
});

Deno.test("adminRoutes: faults are listed and cleared", async () => {
  await withEmulator({}, async (e) => {
    await post(e, "/_emulator/faults", { type: "drop", count: 2, realmId: "123" });
    await post(e, "/_emulator/faults", { type: "latency", ms: 250, jitterMs: 10 });
    const listed = await (await admin(e, "/_emulator/faults")).json();
    assert.deepEqual(listed, {
      faults: [{ fault: { kind: "drop" }, realmId: "123", remaining: 2 }],
      latency: { ms: 250, jitterMs: 10, remaining: null },
    });
    const cleared = await (await admin(e, "/_emulator/faults", { method: "DELETE" })).json();
    assert.deepEqual(cleared, { faults: [] });
  });
});

Deno.test("adminRoutes: a duplicate realm id is a 409, a bad body a 400", async () => {
  await withEmulator({}, async (e) => {
    assert.equal(
      (await post(e, "/_emulator/companies", { companyName: "A", realmId: "123456" })).status,
      201,
    );
    assert.equal(
      (await post(e, "/_emulator/companies", { companyName: "B", realmId: "123456" })).status,
      409,
    );
    assert.equal((await post(e, "/_emulator/companies", { realmId: "1" })).status, 400);
    const listed = await (await admin(e, "/_emulator/companies")).json();
    assert.equal(listed.companies.length, 2);
  });
});

Deno.test("adminRoutes: deliveries can be read and cleared", async () => {
  await withEmulator({}, async (e) => {
    const res = await admin(e, "/_emulator/webhooks/deliveries?wait=true");
    assert.deepEqual(await res.json(), { deliveries: [], backlog: {} });
    assert.equal((await admin(e, "/_emulator/webhooks/deliveries", { method: "DELETE" })).status, 200);
  });
});

Deno.test("adminRoutes: absent when adminEnabled is false", async () => {
  await withEmulator({ adminEnabled: false }, async (e) => {
    assert.equal((await admin(e, "/_emulator")).status, 404);
    assert.equal((await post(e, "/_emulator/clock/advance", { ms: 1 })).status, 404);
  });
});

Deno.test("adminRoutes: an armed drop makes the next /v3 call fail at the network level", async () => {
  await withEmulator({}, async (e) => {
    const server = Deno.serve({
      port: 0,
      hostname: "127.0.0.1",
      onListen() {},
      onError: () => new Response(null, { status: 500 }),
    }, e.app.fetch);
    try {
      const base = `http://127.0.0.1:${server.addr.port}`;
      const realmId = e.companies.listCompanies()[0].realmId;
      const issued = e.tokens.createGrant({
        clientId: "emulator-client-id",
        realmId,
        scopes: ["com.intuit.quickbooks.accounting"],
        subject: "u",
      });
      const arm = await fetch(`${base}/_emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json", ...ADMIN },
        body: JSON.stringify({ type: "drop", count: 1 }),
      });
      await arm.body?.cancel();
      const url = `${base}/v3/company/${realmId}/companyinfo/${realmId}`;
      const headers = { authorization: `Bearer ${issued.accessToken}`, accept: "application/json" };
      await assert.rejects(
        async () => await (await fetch(url, { headers })).text(),
        (e) => e instanceof TypeError && /error reading a body from connection/.test(e.message),
      );
      const ok = await fetch(url, { headers });
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
    } finally {
      await server.shutdown();
    }
  });
});

Deno.test("adminRoutes: every admin route answers 401 without the admin token, or with another", async () => {
  await withEmulator({}, async (e) => {
    const routes: [string, string][] = [
      ["GET", "/_emulator"],
      ["GET", "/_emulator/companies"],
      ["POST", "/_emulator/companies"],
      ["GET", `/_emulator/companies/${e.companies.listCompanies()[0].realmId}/account`],
      ["POST", "/_emulator/clock/advance"],
      ["POST", "/_emulator/faults"],
      ["DELETE", "/_emulator/faults"],
      ["POST", "/_emulator/tokens/revoke"],
      ["POST", "/_emulator/reset"],
      ["GET", "/_emulator/webhooks/deliveries"],
    ];
    const wrong: Record<string, string>[] = [
      {},
      { authorization: "Bearer another-token-of-some-length" },
      { authorization: `Basic ${btoa(`admin:${ADMIN_TOKEN}`)}` },
      { authorization: `Bearer ${ADMIN_TOKEN}x` },
      { "x-emulator-admin-token": ADMIN_TOKEN.slice(0, -1) },
    ];
    for (const [method, path] of routes) {
      for (const headers of wrong) {
        const res = await e.app.request(path, { method, headers });
        assert.equal(res.status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
        assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="qbo-emulator-admin"');
        assert.equal((await res.json()).error, "unauthorized");
      }
    }
    assert.equal(e.companies.listCompanies().length, 1, "nothing was created or reset");
    assert.equal((await e.app.request("/_emulator", { headers: ADMIN })).status, 200);
    const header = await e.app.request("/_emulator", { headers: { "X-Emulator-Admin-Token": ADMIN_TOKEN } });
    assert.equal(header.status, 200, "the token may come as X-Emulator-Admin-Token");
  });
});

Deno.test("adminRoutes: no answer carries the client secret, the verifier token or the admin token", async () => {
  await withEmulator({
    clients: [{
      clientId: "c1",
      clientSecret: "the-client-secret-value",
      redirectUris: ["http://x.test/cb"],
    }],
    webhooks: {
      verifierToken: "the-verifier-token-value",
      endpoints: [{ url: "http://127.0.0.1:9/hooks" }],
      maxAttempts: 1,
    },
  }, async (e) => {
    const answers = [
      await admin(e, "/_emulator"),
      await admin(e, "/_emulator/companies"),
      await admin(e, "/_emulator/faults"),
      await admin(e, "/_emulator/clock"),
      await post(e, "/_emulator/reset", {}),
      await admin(e, "/_emulator/webhooks/deliveries"),
    ];
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.url);
      const text = await answer.text();
      for (const secret of ["the-client-secret-value", "the-verifier-token-value", ADMIN_TOKEN]) {
        assert.ok(!text.includes(secret), `${answer.url} answers ${secret}`);
      }
    }
  });
});

Deno.test("createEmulator: without a configured admin token, a random one guards the admin API", async () => {
  const [a, b] = [await createEmulator({}), await createEmulator({})];
  try {
    assert.ok(a.adminToken && b.adminToken);
    assert.match(a.adminToken, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a.adminToken, b.adminToken, "not from the seeded (guessable) randomness");
    assert.equal((await a.app.request("/_emulator")).status, 401);
    assert.equal(
      (await a.app.request("/_emulator", { headers: { authorization: `Bearer ${b.adminToken}` } })).status,
      401,
    );
    assert.equal(
      (await a.app.request("/_emulator", { headers: { authorization: `Bearer ${a.adminToken}` } })).status,
      200,
    );
  } finally {
    await a.close();
    await b.close();
  }
  const off = await createEmulator({ adminEnabled: false });
  assert.equal(off.adminToken, null);
  await off.close();
});
