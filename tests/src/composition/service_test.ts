import assert from "node:assert/strict";
import { startTestService } from "../../support/service.ts";

Deno.test("buildService mounts the QuickBooks emulator in emulator mode with the service's client registered", async () => {
  const svc = await startTestService({ PUBLIC_BASE_URL: "http://svc.test:8787" });
  try {
    assert.ok(svc.emulator);
    const res = await svc.app.request("/qbo-emulator/.well-known/openid_sandbox_configuration");
    assert.equal(res.status, 200);
    const discovery = await res.json();
    assert.equal(discovery.issuer, "https://oauth.platform.intuit.com/op/v1");
    assert.ok(String(discovery.token_endpoint).startsWith("http://svc.test:8787/qbo-emulator/"));
    const client = svc.emulator.config.clients[0];
    assert.equal(client.clientId, svc.config.quickbooks.clientId);
    assert.deepEqual(client.redirectUris, [
      "http://svc.test:8787/api/quickbooks/oauth/callback",
      "http://svc.test:8787/api/v1/quickbooks/oauth/callback",
    ]);
    assert.equal(svc.emulator.config.dataFile, undefined, "tests keep emulator state in memory");
  } finally {
    await svc.close();
  }
});

Deno.test("buildService never mounts the emulator (nor its admin API) when talking to real Intuit", async () => {
  const svc = await startTestService({
    QUICKBOOKS_MODE: "intuit",
    QUICKBOOKS_CLIENT_ID: "real-id",
    QUICKBOOKS_CLIENT_SECRET: "real-secret",
    QUICKBOOKS_REDIRECT_URI: "https://app.example.test/api/quickbooks/oauth/callback",
  });
  try {
    assert.equal(svc.emulator, null);
    for (
      const path of ["/qbo-emulator/_emulator", "/qbo-emulator/.well-known/openid_sandbox_configuration"]
    ) {
      assert.equal((await svc.app.request(path)).status, 404, path);
    }
  } finally {
    await svc.close();
  }
});

Deno.test("buildService guards the mounted emulator's admin API with the configured admin token", async () => {
  const svc = await startTestService({ EMULATOR_ADMIN_TOKEN: "service-test-admin-token-0123456789abcdef" });
  try {
    assert.equal(svc.emulator?.adminToken, "service-test-admin-token-0123456789abcdef");
    assert.equal((await svc.app.request("/qbo-emulator/_emulator")).status, 401);
    assert.equal((await svc.app.request("/qbo-emulator/_emulator/companies")).status, 401);
    const described = await svc.app.request("/qbo-emulator/_emulator", {
      headers: { Authorization: "Bearer service-test-admin-token-0123456789abcdef" },
    });
    assert.equal(described.status, 200);
    const text = await described.text();
    for (const secret of [svc.config.quickbooks.clientSecret, svc.config.quickbooks.webhookVerifierToken]) {
      assert.ok(!text.includes(secret), "no secret in the answer");
    }
  } finally {
    await svc.close();
  }
  const off = await startTestService({ EMULATOR_ADMIN_ENABLED: "false" });
  try {
    assert.equal(off.emulator?.adminToken, null);
    assert.equal((await off.app.request("/qbo-emulator/_emulator")).status, 404, "not mounted at all");
  } finally {
    await off.close();
  }
});
