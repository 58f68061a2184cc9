import assert from "node:assert/strict";
import { classifyFailure, parseRetryAfter } from "../../../adapters/quickbooks/fault_classifier.ts";
import { networkFailure } from "../../../adapters/quickbooks/fault_classifier.ts";
import { DEFAULT_RESILIENCE, retryDelayMs } from "../../../adapters/quickbooks/realm_resilience.ts";

const options = { ...DEFAULT_RESILIENCE, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999999 };
const throttled = (retryAfterMs: number | null) =>
  classifyFailure({ status: 429, fault: null, retryAfterMs, intuitTid: null, realmId: "r" });

Deno.test("retryDelayMs honours Retry-After, else QBO's 60 s throttle guidance, scaled", () => {
  assert.equal(retryDelayMs(throttled(7_000), 1, options), 7_000);
  assert.equal(retryDelayMs(throttled(null), 1, options), 60_000);
  assert.equal(retryDelayMs(throttled(null), 1, { ...options, waitScale: 0.001 }), 60);
});

Deno.test("retryDelayMs grows exponentially with jitter between half and all of the step, capped", () => {
  const failure = networkFailure("r", new Error("reset"));
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => retryDelayMs(failure, n, options)), [
    100,
    200,
    400,
    800,
    1_000,
  ]);
  const low = { ...options, random: () => 0 };
  assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(failure, n, low)), [50, 100, 200]);
});

Deno.test("parseRetryAfter reads seconds and HTTP dates", () => {
  const now = new Date("2026-11-24T04:00:00Z");
  assert.equal(parseRetryAfter("3", now), 3_000);
  assert.equal(parseRetryAfter("Tue, 24 Nov 2026 04:00:10 GMT", now), 10_000);
  assert.equal(parseRetryAfter("soon", now), null);
  assert.equal(parseRetryAfter(null, now), null);
});
