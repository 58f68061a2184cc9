import assert from "node:assert/strict";
import { isDomainError } from "../../../domain/errors.ts";
import { InProcessRateBudget } from "../../../adapters/quickbooks/in_process_rate_budget.ts";
import { QboCallError } from "../../../adapters/quickbooks/qbo_call_error.ts";
import { QboHttpClient } from "../../../adapters/quickbooks/qbo_http_client.ts";
import { DEFAULT_RESILIENCE } from "../../../adapters/quickbooks/realm_resilience.ts";
import { clientFor, RotatingTokenSource, target } from "./support/client_under_test.ts";
import { LoopbackQbo, recorded, sequence } from "./support/loopback_qbo_server.ts";

const okCustomer = recorded("get__id__0.json");
const serverError = {
  status: 503,
  body: { Fault: { Error: [{ Message: "down", code: "10000" }], type: "SystemFault" } },
};

Deno.test("QboHttpClient.send adds minorversion, Accept, bearer token and requestid, and keeps intuit_tid", async () => {
  const server = new LoopbackQbo(() => okCustomer);
  try {
    const { client } = clientFor(server.baseUrl);
    const response = await client.send(target, {
      method: "POST",
      path: "/customer",
      json: { A: 1 },
      requestId: "r1",
    });
    const [request] = server.requests;
    assert.equal(request.url.pathname, `/v3/company/${target.realmId}/customer`);
    assert.equal(request.url.searchParams.get("minorversion"), "75");
    assert.equal(request.url.searchParams.get("requestid"), "r1");
    assert.equal(request.headers.get("accept"), "application/json");
    assert.equal(request.headers.get("authorization"), "Bearer token-1");
    assert.equal(request.headers.get("content-type"), "application/json");
    assert.equal(response.intuitTid, "tid-1");
    assert.equal((response.body as { Customer: { Id: string } }).Customer.Id, "5");
  } finally {
    await server.close();
  }
});

Deno.test("QboHttpClient.send refreshes once on a 401 (token expired mid-call) and repeats the call", async () => {
  const server = new LoopbackQbo((request) =>
    request.headers.get("authorization") === "Bearer token-1" ? recorded("error__401__0.json") : okCustomer
  );
  try {
    const tokens = new RotatingTokenSource();
    const { client } = clientFor(server.baseUrl, { tokens });
    await client.send(target, { method: "GET", path: "/customer/1" });
    assert.equal(tokens.refreshes, 1);
    assert.deepEqual(server.requests.map((r) => r.headers.get("authorization")), [
      "Bearer token-1",
      "Bearer token-2",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("QboHttpClient.send reports QB001 when the refreshed token is rejected too, with no token in the error", async () => {
  const server = new LoopbackQbo(() => recorded("error__401__0.json"));
  try {
    const { client } = clientFor(server.baseUrl);
    const error = await client.send(target, { method: "GET", path: "/customer/1" }).catch((e) => e);
    assert.ok(error instanceof QboCallError);
    assert.equal(error.code, "QB001");
    assert.equal(error.details.qbo_code, "3200");
    assert.ok(!JSON.stringify(error.details).includes("AB01601390262"));
    assert.equal(server.requests.length, 2);
  } finally {
    await server.close();
  }
});

Deno.test("QboHttpClient.send retries a 429 storm honouring Retry-After, then succeeds", async () => {
  const throttled = {
    status: 429,
    body:
      '<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message></Error></Fault></IntuitResponse>',
    raw: true,
    headers: { "retry-after": "7" },
  };
  const server = new LoopbackQbo(sequence(throttled, throttled, throttled, okCustomer));
  try {
    const { client } = clientFor(server.baseUrl, { resilience: { waitScale: 0 } });
    const response = await client.send(target, { method: "GET", path: "/customer/1" });
    assert.equal(response.status, 200);
    assert.equal(server.requests.length, 4);
  } finally {
    await server.close();
  }
});

Deno.test("QboHttpClient.send gives up on a long 429 storm with QB003 carrying the QBO code", async () => {
  const server = new LoopbackQbo(() => ({
    status: 429,
    body: { fault: { error: [{ message: "ThrottleExceeded", code: "3001" }], type: "SERVICE" } },
  }));
  try {
    const { client } = clientFor(server.baseUrl, { resilience: { maxAttempts: 3 } });
    const error = await client.send(target, { method: "GET", path: "/customer/1" }).catch((e) => e);
    assert.equal(error.code, "QB003");
    assert.equal(error.details.qbo_code, "3001");
    assert.equal(error.retryAfterMs, 60_000);
    assert.equal(server.requests.length, 3);
  } finally {
    await server.close();
  }
});

Deno.test("QboHttpClient.send retries a 5xx burst with the same requestid, so the write is not duplicated", async () => {
  const server = new LoopbackQbo(sequence(serverError, serverError, okCustomer));
  try {
    const { client } = clientFor(server.baseUrl);
    await client.send(target, { method: "POST", path: "/customer", json: {}, requestId: "same-id" });
    assert.deepEqual(server.requests.map((r) => r.url.searchParams.get("requestid")), [
      "same-id",
      "same-id",
      "same-id",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("QboHttpClient.send opens the realm's circuit after consecutive failures and then fails fast with QB007", async () => {
  const server = new LoopbackQbo(() => serverError);
  try {
    const { client } = clientFor(server.baseUrl, { resilience: { maxAttempts: 1, breakerThreshold: 3 } });
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        client.send(target, { method: "GET", path: "/customer/1" }),
        (e) => isDomainError(e) && e.code === "QB007",
      );
    }
    assert.equal(client.resilience.status(target.realmId), "open");
    assert.equal(client.resilience.status("other-realm"), "closed");
    const error = await client.send(target, { method: "GET", path: "/customer/1" }).catch((e) => e);
    assert.equal(error.code, "QB007");
    assert.equal(server.requests.length, 3);
  } finally {
    await server.close();
  }
});

Deno.test("QboHttpClient.send maps a dropped connection to a retryable QB007 and retries it", async () => {
  let calls = 0;
  const server = new LoopbackQbo(() => (++calls === 1 ? { status: 0, body: null, drop: true } : okCustomer));
  try {
    const { client } = clientFor(server.baseUrl);
    const response = await client.send(target, { method: "GET", path: "/customer/1" });
    assert.equal(response.status, 200);
    assert.equal(calls, 2);
  } finally {
    await server.close();
  }
});

Deno.test("QboHttpClient.send maps validation faults to QB004 and stale SyncToken to QB005, without retrying", async () => {
  const stale = {
    status: 400,
    body: {
      Fault: {
        Error: [{
          Message: "Stale Object Error",
          Detail: "You and X were working on this at the same time.",
          code: "5010",
          element: "SyncToken",
        }],
        type: "ValidationFault",
      },
    },
  };
  const server = new LoopbackQbo(sequence(recorded("error__validation__0.json"), stale));
  try {
    const { client } = clientFor(server.baseUrl);
    const validation = await client.send(target, { method: "POST", path: "/customer", json: {} }).catch((e) =>
      e
    );
    assert.equal(validation.code, "QB004");
    assert.equal(validation.details.qbo_code, "6240");
    assert.equal(validation.details.qbo_message, "Duplicate Name Exists Error");
    assert.equal(validation.details.intuit_tid, "tid-1");
    const conflict = await client.send(target, { method: "POST", path: "/customer", json: {} }).catch((e) =>
      e
    );
    assert.equal(conflict.code, "QB005");
    assert.equal(conflict.details.qbo_element, "SyncToken");
    assert.equal(server.requests.length, 2);
  } finally {
    await server.close();
  }
});

Deno.test("QboHttpClient.send waits for the shared rate budget, and gives up with QB003 past its patience", async () => {
  const server = new LoopbackQbo(() => okCustomer);
  try {
    let now = new Date("2026-11-24T04:00:00Z").getTime();
    const sleeps: number[] = [];
    const budget = new InProcessRateBudget({
      perMinute: 3,
      perSecond: 1,
      concurrent: 5,
      batchPerMinute: 1,
      permitTtlMs: 120_000,
    });
    const client = new QboHttpClient({
      apiBaseUrl: server.baseUrl,
      minorVersion: 75,
      tokens: new RotatingTokenSource(),
      budget,
      clock: { now: () => new Date(now) },
      resilience: { ...DEFAULT_RESILIENCE, waitScale: 0 },
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
      budgetMaxWaitMs: 5_000,
      requestTimeoutMs: 5_000,
    });
    for (let i = 0; i < 3; i++) await client.send(target, { method: "GET", path: "/customer/5" });
    assert.equal(server.requests.length, 3);
    assert.deepEqual(sleeps, [1000, 1000], "one call per second");
    const error = await client.send(target, { method: "GET", path: "/customer/5" }).catch((e) => e);
    assert.equal(error.code, "QB003", "the minute's budget would need ~58 s, more than the client waits");
    assert.equal(server.requests.length, 3);
  } finally {
    await server.close();
  }
});
