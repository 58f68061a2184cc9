import assert from "node:assert/strict";
import { Hono } from "hono";
import { createEmulator, type Emulator } from "../../../adapters/quickbooks-emulator/emulator.ts";
import type { EmulatorConfigInput } from "../../../adapters/quickbooks-emulator/config.ts";
import { startWebhookReceiver } from "./webhooks/webhook_receiver.ts";

const REDIRECT = "http://localhost:8787/api/quickbooks/oauth/callback";
const BASIC = "Basic " + btoa("emulator-client-id:emulator-client-secret");
const ADMIN_TOKEN = "emulator-test-admin-token";
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function connect(
  app: Hono,
  realmId: string,
  prefix = "",
): Promise<{ access: string; refresh: string }> {
  const q = new URLSearchParams({
    client_id: "emulator-client-id",
    response_type: "code",
    scope: "com.intuit.quickbooks.accounting",
    redirect_uri: REDIRECT,
    state: "s",
    auto_approve: "true",
    realm_id: realmId,
  });
  const redirect = await app.request(`${prefix}/connect/oauth2?${q}`);
  const code = new URL(redirect.headers.get("location")!).searchParams.get("code")!;
  const res = await app.request(`${prefix}/oauth2/v1/tokens/bearer`, {
    method: "POST",
    headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT }).toString(),
  });
  const body = await res.json();
  return { access: body.access_token, refresh: body.refresh_token };
}

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

function json(token: string, body?: unknown): RequestInit {
  return {
    method: body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/json",
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

Deno.test("createEmulator: OAuth connect, then create and read a customer through the gateway", async () => {
  await withEmulator({}, async ({ app, companies }) => {
    const [{ realmId }] = companies.listCompanies();
    const { access } = await connect(app, realmId);
    const created = await app.request(
      `/v3/company/${realmId}/customer?minorversion=75`,
      json(access, {
        DisplayName: "O'Brien Tenant",
      }),
    );
    assert.equal(created.status, 200);
    assert.ok(created.headers.get("intuit_tid"));
    const customer = (await created.json()).Customer;
    const read = await app.request(`/v3/company/${realmId}/customer/${customer.Id}`, json(access));
    assert.equal((await read.json()).Customer.DisplayName, "O'Brien Tenant");
    const anonymous = await app.request(`/v3/company/${realmId}/customer/${customer.Id}`);
    assert.equal(anonymous.status, 401);
  });
});

Deno.test("createEmulator: admin clock advance expires access tokens; refresh recovers", async () => {
  await withEmulator({}, async ({ app, companies }) => {
    const [{ realmId }] = companies.listCompanies();
    const { access, refresh } = await connect(app, realmId);
    const advanced = await app.request("/_emulator/clock/advance", {
      method: "POST",
      headers: { "content-type": "application/json", ...ADMIN },
      body: JSON.stringify({ seconds: 3600 }),
    });
    assert.deepEqual(await advanced.json(), { now: "2026-04-01T17:00:00.000Z", mode: "frozen" });
    const expired = await app.request(`/v3/company/${realmId}/companyinfo/${realmId}`, json(access));
    assert.equal(expired.status, 401);
    assert.match((await expired.json()).fault.error[0].detail, /^Token expired: /);
    const res = await app.request("/oauth2/v1/tokens/bearer", {
      method: "POST",
      headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refresh }).toString(),
    });
    const renewed = (await res.json()).access_token;
    assert.equal(
      (await app.request(`/v3/company/${realmId}/companyinfo/${realmId}`, json(renewed))).status,
      200,
    );
  });
});

Deno.test("createEmulator: admin expires and revokes a realm's tokens", async () => {
  await withEmulator({}, async ({ app, companies }) => {
    const [{ realmId }] = companies.listCompanies();
    const { access } = await connect(app, realmId);
    const post = (path: string, body: unknown) =>
      app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", ...ADMIN },
        body: JSON.stringify(body),
      });
    assert.deepEqual(await (await post("/_emulator/tokens/expire", { realmId })).json(), {
      realmId,
      expiredAccessTokens: 1,
    });
    assert.equal((await app.request(`/v3/company/${realmId}/preferences`, json(access))).status, 401);
    const { access: second } = await connect(app, realmId);
    assert.deepEqual(await (await post("/_emulator/tokens/revoke", { realmId })).json(), {
      realmId,
      revokedGrants: 2,
    });
    const revoked = await app.request(`/v3/company/${realmId}/preferences`, json(second));
    assert.match((await revoked.json()).fault.error[0].detail, /^Token revoked/);
  });
});

Deno.test("createEmulator: admin faults hit the next /v3 requests only", async () => {
  await withEmulator({}, async ({ app, companies }) => {
    const [{ realmId }] = companies.listCompanies();
    const { access } = await connect(app, realmId);
    const arm = await app.request("/_emulator/faults", {
      method: "POST",
      headers: { "content-type": "application/json", ...ADMIN },
      body: JSON.stringify({ type: "error", status: 503, count: 1 }),
    });
    assert.equal(arm.status, 201);
    assert.equal(
      (await app.request("/.well-known/openid_sandbox_configuration")).status,
      200,
      "OAuth unaffected",
    );
    assert.equal((await app.request(`/v3/company/${realmId}/preferences`, json(access))).status, 503);
    assert.equal((await app.request(`/v3/company/${realmId}/preferences`, json(access))).status, 200);
    const bad = await app.request("/_emulator/faults", {
      method: "POST",
      headers: { "content-type": "application/json", ...ADMIN },
      body: JSON.stringify({ type: "error", status: 418, count: 1 }),
    });
    assert.equal(bad.status, 400);
  });
});

Deno.test("createEmulator: admin creates companies that the consent page lists; reset restores", async () => {
  await withEmulator({}, async ({ app }) => {
    const created = await app.request("/_emulator/companies", {
      method: "POST",
      headers: { "content-type": "application/json", ...ADMIN },
      body: JSON.stringify({ companyName: "Harbor View HOA" }),
    });
    assert.equal(created.status, 201);
    const { realmId } = await created.json();
    const page = await (await app.request(
      `/connect/oauth2?client_id=emulator-client-id&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri=${
        encodeURIComponent(REDIRECT)
      }`,
    )).text();
    assert.match(page, /Harbor View HOA/);
    const { access } = await connect(app, realmId);
    assert.equal((await app.request(`/v3/company/${realmId}/preferences`, json(access))).status, 200);
    const reset = await (await app.request("/_emulator/reset", { method: "POST", headers: ADMIN })).json();
    assert.equal(reset.companies.length, 1);
    assert.equal((await app.request(`/v3/company/${realmId}/preferences`, json(access))).status, 401);
  });
});

Deno.test("createEmulator: changes are delivered as webhooks and listed by the admin API", async () => {
  const receiver = startWebhookReceiver([500]);
  try {
    await withEmulator({
      webhooks: {
        endpoints: [{ url: receiver.url, format: "cloudevents" }],
        batchWindowMs: 1,
        retryTimeScale: 0.0001,
      },
    }, async ({ app, companies }) => {
      const [{ realmId }] = companies.listCompanies();
      const { access } = await connect(app, realmId);
      await app.request(`/v3/company/${realmId}/customer`, json(access, { DisplayName: "Webhook Tenant" }));
      const listed = await (await app.request("/_emulator/webhooks/deliveries?wait=true", { headers: ADMIN }))
        .json();
      assert.deepEqual(listed.deliveries.map((d: { outcome: string }) => d.outcome), ["failed", "delivered"]);
      const events = JSON.parse(receiver.received[1].body);
      assert.equal(events[0].type, "qbo.customer.created.v1");
      assert.equal(events[0].intuitaccountid, realmId);
    });
  } finally {
    await receiver.close();
  }
});

Deno.test("createEmulator: works mounted under a prefix, with discovery URLs that include it", async () => {
  await withEmulator({ mountPath: "/emulator" }, async (emulator) => {
    const host = new Hono();
    host.route("/emulator", emulator.app);
    const doc =
      await (await host.request("http://svc.test/emulator/.well-known/openid_sandbox_configuration")).json();
    assert.equal(doc.token_endpoint, "http://svc.test/emulator/oauth2/v1/tokens/bearer");
    const [{ realmId }] = emulator.companies.listCompanies();
    const { access } = await connect(host, realmId, "/emulator");
    const res = await host.request(`/emulator/v3/company/${realmId}/companyinfo/${realmId}`, json(access));
    assert.equal(res.status, 200);
    assert.ok(res.headers.get("intuit_tid"));
    assert.equal((await host.request(`/emulator/v3/company/${realmId}/companyinfo/${realmId}`)).status, 401);
  });
});

Deno.test("createEmulator: the same seed yields the same tokens", async () => {
  const tokens: string[] = [];
  for (let i = 0; i < 2; i++) {
    await withEmulator({ seed: 42 }, async ({ app, companies }) => {
      tokens.push((await connect(app, companies.listCompanies()[0].realmId)).refresh);
    });
  }
  assert.equal(tokens[0], tokens[1]);
});

Deno.test("createEmulator: webhooks only for realms connected to the app, unless configured otherwise", async () => {
  for (const onlyConnectedRealms of [true, false]) {
    const receiver = startWebhookReceiver();
    try {
      await withEmulator({
        webhooks: { endpoints: [{ url: receiver.url }], batchWindowMs: 1, onlyConnectedRealms },
      }, async ({ companies, webhooks }) => {
        const [{ realmId }] = companies.listCompanies();
        companies.operations(realmId, webhooks.listener)!.create("Customer", {
          DisplayName: "Offline Tenant",
        });
        await webhooks.whenIdle();
        assert.equal(receiver.received.length, onlyConnectedRealms ? 0 : 1);
      });
    } finally {
      await receiver.close();
    }
  }
});

Deno.test("createEmulator: with a data file, connections survive a restart like companies do", async () => {
  const dir = await Deno.makeTempDir();
  const dataFile = `${dir}/emulator-state.json`;
  try {
    const first = await createEmulator({
      dataFile,
      clock: { mode: "frozen", start: "2026-04-01T16:00:00Z" },
    });
    const [{ realmId }] = first.companies.listCompanies();
    const { access, refresh } = await connect(first.app, realmId);
    await first.close();
    assert.ok((await Deno.stat(`${dir}/emulator-state.oauth.json`)).isFile);

    const second = await createEmulator({
      dataFile,
      clock: { mode: "frozen", start: "2026-04-01T16:00:00Z" },
    });
    try {
      assert.deepEqual(second.companies.listCompanies().map((c) => c.realmId), [realmId]);
      const res = await second.app.request(`/v3/company/${realmId}/companyinfo/${realmId}`, json(access));
      assert.equal(res.status, 200);
      const again = await connect(second.app, realmId);
      assert.notEqual(again.refresh, refresh, "new tokens continue the random stream");
      assert.equal(second.tokens.authenticate(`Bearer ${access}`, realmId).ok, true);
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("emulator_main: `deno task emulator` serves on the configured port and prints its credentials and admin token", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-write", "src/emulator_main.ts"],
    cwd: new URL("../../../", import.meta.url).pathname,
    env: { QBO_EMULATOR_PORT: "0", QBO_EMULATOR_CLIENT_ID: "main-test-client", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let banner = "";
  try {
    while (!/webhooks /.test(banner)) {
      const { value, done } = await reader.read();
      if (done) break;
      banner += value;
    }
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(banner)?.[1];
    assert.ok(port, banner);
    assert.match(banner, /client +id=main-test-client secret=emulator-client-secret/);
    const doc = await (await fetch(`http://127.0.0.1:${port}/.well-known/openid_sandbox_configuration`))
      .json();
    assert.equal(doc.token_endpoint, `http://127.0.0.1:${port}/oauth2/v1/tokens/bearer`);
    const adminToken = /admin +\S+\/_emulator +\(Authorization: Bearer ([A-Za-z0-9_-]{43})\)/.exec(banner)
      ?.[1];
    assert.ok(adminToken, `the banner prints a random admin token:\n${banner}`);
    const admin = `http://127.0.0.1:${port}/_emulator/companies`;
    const refused = await fetch(admin);
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
    const listed = await fetch(admin, { headers: { authorization: `Bearer ${adminToken}` } });
    assert.equal(listed.status, 200);
    await listed.body?.cancel();
  } finally {
    child.kill("SIGTERM");
    await reader.cancel();
    await child.status;
  }
});
