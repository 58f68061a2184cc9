import assert from "node:assert/strict";
import { gatewayFixture, REALM } from "./gateway_fixture.ts";

const FIXTURE = JSON.parse(
  await Deno.readTextFile(new URL("../../../../../shared/fixtures/quickbooks-recorded/error__401__0.json", import.meta.url)),
).response;

Deno.test("gatewayMiddleware: a valid token reaches the API and every response has an intuit_tid", async () => {
  const { app, auth } = gatewayFixture();
  const res = await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("intuit_tid")!, /^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  assert.deepEqual(await res.json(), { reached: `/v3/company/${REALM}/customer/1` });
});

Deno.test("gatewayMiddleware: an expired token gets the recorded 401 shape exactly", async () => {
  const { app, auth, clock, accessToken } = gatewayFixture();
  clock.advance(3_600_000);
  const res = await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth });
  assert.equal(res.status, 401);
  assert.ok(res.headers.get("intuit_tid"));
  const body = await res.json();
  assert.deepEqual(Object.keys(body), Object.keys(FIXTURE));
  assert.deepEqual(body, {
    ...FIXTURE,
    fault: {
      ...FIXTURE.fault,
      error: [{ ...FIXTURE.fault.error[0], detail: `Token expired: ${accessToken.slice(0, 50)}` }],
    },
    time: clock.now().getTime(),
  });
});

Deno.test("gatewayMiddleware: missing, malformed, unknown and revoked tokens are 401 AuthenticationFailed", async () => {
  const { app } = gatewayFixture();
  const cases: Array<[Record<string, string>, string]> = [
    [{}, "Authorization header is missing"],
    [{ authorization: "Bearer abc" }, "Malformed bearer token: too short or too long"],
    [{ authorization: "Bearer " + "x".repeat(5000) }, "Malformed bearer token: too short or too long"],
    [{ authorization: "Bearer " + "x".repeat(60) }, "Token invalid"],
  ];
  for (const [headers, detail] of cases) {
    const res = await app.request(`/v3/company/${REALM}/query?query=select`, { headers });
    assert.equal(res.status, 401);
    const body = await res.json();
    assert.equal(body.fault.type, "AUTHENTICATION");
    assert.deepEqual(body.fault.error, [{
      message: "message=AuthenticationFailed; errorCode=003200; statusCode=401",
      detail,
      code: "3200",
      element: null,
    }]);
  }
  const { app: app2, tokens: tokens2, auth } = gatewayFixture();
  tokens2.revokeRealm(REALM);
  const revoked = await app2.request(`/v3/company/${REALM}/customer/1`, { headers: auth });
  assert.equal(revoked.status, 401);
  assert.match((await revoked.json()).fault.error[0].detail, /^Token revoked: /);
});

Deno.test("gatewayMiddleware: a token for another realm is 403 AuthorizationFailed 003100", async () => {
  const { app, auth } = gatewayFixture();
  const res = await app.request(`/v3/company/999/customer/1`, { headers: auth });
  assert.equal(res.status, 403);
  const body = await res.json();
  assert.equal(body.fault.type, "SERVICE");
  assert.equal(body.fault.error[0].message, "message=AuthorizationFailed; errorCode=003100; statusCode=403");
  assert.equal(body.fault.error[0].code, "3100");
  assert.deepEqual(body.batchItemResponse, []);
});

Deno.test("gatewayMiddleware: the 11th request in one second is 429 with the XML body even for JSON", async () => {
  const { app, auth, clock } = gatewayFixture();
  for (let i = 0; i < 10; i++) {
    assert.equal((await app.request(`/v3/company/${REALM}/customer/${i}`, { headers: auth })).status, 200);
  }
  const res = await app.request(`/v3/company/${REALM}/customer/11`, { headers: auth });
  assert.equal(res.status, 429);
  assert.match(res.headers.get("content-type")!, /xml/);
  assert.ok(res.headers.get("intuit_tid"));
  const xml = await res.text();
  assert.match(xml, /<Fault type="SERVICE"><Error code="3001">/);
  assert.match(xml, /<Message>message=ThrottleExceeded; errorCode=003001; statusCode=429<\/Message>/);
  assert.ok(xml.includes("<Detail>The request limit was reached.  Try again later</Detail>"));
  clock.advance(1000);
  assert.equal((await app.request(`/v3/company/${REALM}/customer/12`, { headers: auth })).status, 200);
});

Deno.test("gatewayMiddleware: unauthenticated requests do not use the realm's budget", async () => {
  const { app, auth } = gatewayFixture();
  for (let i = 0; i < 20; i++) await app.request(`/v3/company/${REALM}/customer/1`);
  assert.equal((await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth })).status, 200);
});

Deno.test("gatewayMiddleware: the 11th concurrent request is throttled while 10 are in flight", async () => {
  const { app, auth, gate } = gatewayFixture({ throttle: { requestsPerSecondPerRealmApp: 100 } });
  gate.hold = true;
  const inFlight = Array.from(
    { length: 10 },
    (_, i) => Promise.resolve(app.request(`/v3/company/${REALM}/customer/${i}`, { headers: auth })),
  );
  while (gate.waiting.length < 10) await new Promise((r) => setTimeout(r, 1));
  const eleventh = await app.request(`/v3/company/${REALM}/customer/x`, { headers: auth });
  assert.equal(eleventh.status, 429);
  gate.hold = false;
  gate.waiting.forEach((release) => release());
  for (const res of await Promise.all(inFlight)) assert.equal(res.status, 200);
  assert.equal((await app.request(`/v3/company/${REALM}/customer/y`, { headers: auth })).status, 200);
});

Deno.test("gatewayMiddleware: batch calls are limited separately (40 per minute per app)", async () => {
  const { app, auth, clock } = gatewayFixture();
  for (let i = 0; i < 40; i++) {
    if (i % 10 === 0) clock.advance(1000);
    const res = await app.request(`/v3/company/${REALM}/batch`, {
      method: "POST",
      headers: auth,
      body: "{}",
    });
    assert.equal(res.status, 200, `batch ${i}`);
  }
  clock.advance(1000);
  assert.equal(
    (await app.request(`/v3/company/${REALM}/batch`, { method: "POST", headers: auth })).status,
    429,
  );
  assert.equal((await app.request(`/v3/company/${REALM}/customer/1`, { headers: auth })).status, 200);
});
