import assert from "node:assert/strict";
import { createEmulator, type Emulator } from "../../../../adapters/quickbooks-emulator/emulator.ts";
import type { EmulatorConfigInput } from "../../../../adapters/quickbooks-emulator/config.ts";

async function withEmulator(config: EmulatorConfigInput, run: (e: Emulator) => Promise<void>): Promise<void> {
  const emulator = await createEmulator({
    clock: { mode: "frozen", start: "2026-04-01T16:00:00Z" },
    ...config,
  });
  try {
    await run(emulator);
  } finally {
    await emulator.close();
  }
}

function post(emulator: Emulator, path: string, body: unknown): Promise<Response> {
  return Promise.resolve(emulator.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  }));
}

Deno.test("adminRoutes: GET /_emulator describes URLs, client credentials and companies", async () => {
  await withEmulator({ baseUrl: "http://qbo.local:8788" }, async (e) => {
    const res = await e.app.request("/_emulator");
    assert.equal(res.status, 200);
    assert.ok(res.headers.get("intuit_tid"));
    const info = await res.json();
    assert.equal(info.urls.token, "http://qbo.local:8788/oauth2/v1/tokens/bearer");
    assert.equal(info.urls.admin, "http://qbo.local:8788/_emulator");
    assert.equal(info.clients[0].clientSecret, "emulator-client-secret");
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
    const listed = await (await e.app.request("/_emulator/faults")).json();
    assert.deepEqual(listed, {
      faults: [{ fault: { kind: "drop" }, realmId: "123", remaining: 2 }],
      latency: { ms: 250, jitterMs: 10, remaining: null },
    });
    const cleared = await (await e.app.request("/_emulator/faults", { method: "DELETE" })).json();
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
    const listed = await (await e.app.request("/_emulator/companies")).json();
    assert.equal(listed.companies.length, 2);
  });
});

Deno.test("adminRoutes: deliveries can be read and cleared", async () => {
  await withEmulator({}, async (e) => {
    const res = await e.app.request("/_emulator/webhooks/deliveries?wait=true");
    assert.deepEqual(await res.json(), { deliveries: [], backlog: {} });
    assert.equal((await e.app.request("/_emulator/webhooks/deliveries", { method: "DELETE" })).status, 200);
  });
});

Deno.test("adminRoutes: absent when adminEnabled is false", async () => {
  await withEmulator({ adminEnabled: false }, async (e) => {
    assert.equal((await e.app.request("/_emulator")).status, 404);
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
        headers: { "content-type": "application/json" },
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
