import assert from "node:assert/strict";
import { gatewayFixture, REALM } from "./gateway_fixture.ts";

Deno.test("FaultInjector via gateway: the next N requests fail with 500, then requests pass", async () => {
  const { app, auth, faults } = gatewayFixture();
  faults.arm({ kind: "status", status: 500 }, 2);
  for (let i = 0; i < 2; i++) {
    const res = await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth });
    assert.equal(res.status, 500);
    const body = await res.json();
    assert.equal(body.Fault.type, "SystemFault");
    assert.equal(body.Fault.Error[0].code, "10000");
    assert.match(body.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-07:00$/);
  }
  assert.equal((await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth })).status, 200);
});

Deno.test("FaultInjector via gateway: 503 and forced 429 apply in the order armed", async () => {
  const { app, auth, faults } = gatewayFixture();
  faults.arm({ kind: "status", status: 503 }, 1);
  faults.arm({ kind: "throttle" }, 1);
  assert.equal((await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth })).status, 503);
  const throttled = await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth });
  assert.equal(throttled.status, 429);
  assert.match(await throttled.text(), /ThrottleExceeded/);
  assert.equal(throttled.headers.get("retry-after"), null, "QBO's 429 names no wait");
  assert.equal((await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth })).status, 200);
});

Deno.test("FaultInjector via gateway: a throttle armed with retryAfterSeconds sends Retry-After", async () => {
  const { app, auth, faults } = gatewayFixture();
  faults.arm({ kind: "throttle", retryAfterSeconds: 2 }, 1);
  const throttled = await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth });
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers.get("retry-after"), "2");
  await throttled.body?.cancel();
});

Deno.test("FaultInjector via gateway: a realm-scoped fault skips other realms' requests", async () => {
  const { app, auth, faults } = gatewayFixture();
  faults.arm({ kind: "status", status: 500 }, 1, "other-realm");
  assert.equal((await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth })).status, 200);
  assert.equal(faults.describe().faults.length, 1);
});

Deno.test("FaultInjector via gateway: latency is applied N times with seeded jitter", async () => {
  const { app, auth, faults, slept } = gatewayFixture();
  faults.setLatency(200, { count: 2, jitterMs: 50 });
  for (let i = 0; i < 3; i++) await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth });
  assert.equal(slept.length, 2);
  for (const ms of slept) assert.ok(ms >= 200 && ms <= 250, `${ms}`);
  assert.equal(faults.describe().latency, undefined);
});

Deno.test("FaultInjector via gateway: a dropped connection is a network error for an HTTP client", async () => {
  const { app, auth, faults } = gatewayFixture();
  faults.arm({ kind: "drop" }, 1);
  const server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen() {},
    onError: () => new Response(null, { status: 500 }),
  }, app.fetch);
  try {
    const url = `http://127.0.0.1:${server.addr.port}/v3/company/${REALM}/customer/1`;
    await assert.rejects(async () => {
      const res = await fetch(url, { headers: auth });
      await res.text();
    }, (e) => e instanceof TypeError && /error reading a body from connection/.test(e.message));
    const after = await fetch(url, { headers: auth });
    assert.equal(after.status, 200);
    await after.body?.cancel();
  } finally {
    await server.shutdown();
  }
});
