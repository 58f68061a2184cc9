/**
 * What the QuickBooks client tells the metrics port and the tracer, over loopback: each attempt
 * by operation and outcome, the 429s and the retries, the breaker's state, the rate-budget waits;
 * one span per call with the operation, the realm and Intuit's transaction id.
 */
import assert from "node:assert/strict";
import { SpanStatusCode } from "@opentelemetry/api";
import { PromMetrics } from "../../../adapters/metrics/prom_metrics.ts";
import { InProcessRateBudget } from "../../../adapters/quickbooks/in_process_rate_budget.ts";
import { QboHttpClient, quickbooksOperation } from "../../../adapters/quickbooks/qbo_http_client.ts";
import { DEFAULT_RESILIENCE } from "../../../adapters/quickbooks/realm_resilience.ts";
import { parseExposition, sampleValue } from "../../support/prometheus_text.ts";
import { recordSpans } from "../../support/span_recorder.ts";
import { clientFor, RotatingTokenSource, target } from "./support/client_under_test.ts";
import { LoopbackQbo, recorded, sequence } from "./support/loopback_qbo_server.ts";

const okCustomer = recorded("get__id__0.json");
const throttled = {
  status: 429,
  body:
    '<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded</Message></Error></Fault></IntuitResponse>',
  raw: true,
  headers: { "retry-after": "1" },
};
const serverError = {
  status: 503,
  body: { Fault: { Error: [{ Message: "down", code: "10000" }], type: "SystemFault" } },
};
const realm = target.realmId;

async function scrape(metrics: PromMetrics) {
  return parseExposition((await metrics.render()).body);
}

Deno.test("QboHttpClient.send counts each attempt by outcome, the 429s and the retries, in one span with the last intuit_tid", async () => {
  const server = new LoopbackQbo(sequence(throttled, throttled, throttled, okCustomer));
  const metrics = new PromMetrics({ maxLabelledRealms: 10 });
  const recorder = recordSpans();
  try {
    const { client } = clientFor(server.baseUrl, { metrics, tracer: recorder.tracer });
    await client.send(target, { method: "GET", path: "/customer/1" });
    const f = await scrape(metrics);
    const read = { operation: "read", realm };
    assert.equal(sampleValue(f, "estatecore_quickbooks_requests_total", { ...read, outcome: "QB003" }), 3);
    assert.equal(sampleValue(f, "estatecore_quickbooks_requests_total", { ...read, outcome: "ok" }), 1);
    assert.equal(sampleValue(f, "estatecore_quickbooks_throttled_total", { realm }), 3);
    assert.equal(sampleValue(f, "estatecore_quickbooks_retries_total", read), 3);

    const spans = recorder.spans();
    assert.equal(spans.length, 1, "one span for the call, its retries inside");
    assert.equal(spans[0].name, "quickbooks read");
    assert.deepEqual(spans[0].attributes, {
      "quickbooks.operation": "read",
      "quickbooks.realm_id": realm,
      "http.request.method": "GET",
      "quickbooks.attempts": 4,
      "http.response.status_code": 200,
      intuit_tid: "tid-4",
    });
  } finally {
    recorder.close();
    await server.close();
  }
});

Deno.test("QboHttpClient.send shows the breaker opening in the circuit gauge, and a failed call's span carries the code and intuit_tid", async () => {
  const server = new LoopbackQbo(() => serverError);
  const metrics = new PromMetrics({ maxLabelledRealms: 10 });
  const recorder = recordSpans();
  try {
    const { client } = clientFor(server.baseUrl, {
      metrics,
      tracer: recorder.tracer,
      resilience: { maxAttempts: 1, breakerThreshold: 2 },
    });
    await client.send(target, { method: "POST", path: "/batch", json: {} }).catch(() => {});
    let f = await scrape(metrics);
    assert.equal(sampleValue(f, "estatecore_quickbooks_circuit_state", { realm, state: "closed" }), 1);
    await client.send(target, { method: "POST", path: "/batch", json: {} }).catch(() => {});
    f = await scrape(metrics);
    assert.equal(sampleValue(f, "estatecore_quickbooks_circuit_state", { realm, state: "open" }), 1);
    assert.equal(sampleValue(f, "estatecore_quickbooks_circuit_state", { realm, state: "closed" }), 0);
    assert.equal(
      sampleValue(f, "estatecore_quickbooks_requests_total", { operation: "batch", outcome: "QB007", realm }),
      2,
    );
    const [first] = recorder.spans();
    assert.equal(first.name, "quickbooks batch");
    assert.equal(first.status.code, SpanStatusCode.ERROR);
    assert.equal(first.attributes["error.type"], "QB007");
    assert.equal(first.attributes.intuit_tid, "tid-1");
  } finally {
    recorder.close();
    await server.close();
  }
});

Deno.test("QboHttpClient.send counts the waits for the realm's rate budget and their time", async () => {
  const server = new LoopbackQbo(() => okCustomer);
  const metrics = new PromMetrics({ maxLabelledRealms: 10 });
  try {
    let now = new Date("2026-11-24T04:00:00Z").getTime();
    const client = new QboHttpClient({
      apiBaseUrl: server.baseUrl,
      minorVersion: 75,
      tokens: new RotatingTokenSource(),
      budget: new InProcessRateBudget({
        perMinute: 10,
        perSecond: 1,
        concurrent: 5,
        batchPerMinute: 1,
        permitTtlMs: 120_000,
      }),
      clock: { now: () => new Date(now) },
      resilience: { ...DEFAULT_RESILIENCE, waitScale: 0 },
      sleep: (ms) => {
        now += ms;
        return Promise.resolve();
      },
      budgetMaxWaitMs: 5_000,
      requestTimeoutMs: 5_000,
      metrics,
    });
    for (let i = 0; i < 3; i++) await client.send(target, { method: "GET", path: "/customer/5" });
    const f = await scrape(metrics);
    assert.equal(sampleValue(f, "estatecore_quickbooks_rate_budget_waits_total", { realm, kind: "call" }), 2);
    assert.equal(
      sampleValue(f, "estatecore_quickbooks_rate_budget_wait_seconds_total", { realm, kind: "call" }),
      2,
      "one second per call past the first",
    );
  } finally {
    await server.close();
  }
});

Deno.test("quickbooksOperation names a request by its path's first segment, never by an id", () => {
  const op = (method: "GET" | "POST", path: string) => quickbooksOperation({ method, path });
  assert.equal(op("GET", "/query?query=select"), "query");
  assert.equal(op("POST", "/batch"), "batch");
  assert.equal(op("GET", "/cdc"), "cdc");
  assert.equal(op("GET", "/reports/ProfitAndLoss"), "report");
  assert.equal(op("GET", "/companyinfo/9130350000000001"), "company_info");
  assert.equal(op("GET", "/preferences"), "preferences");
  assert.equal(op("GET", "/invoice/123"), "read");
  assert.equal(op("POST", "/invoice"), "write");
  assert.equal(op("POST", "/upload"), "upload");
  assert.equal(op("GET", ""), "other");
});
