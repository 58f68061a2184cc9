import assert from "node:assert/strict";
import fc from "fast-check";
import type { Caller } from "../../../domain/access/caller.ts";
import {
  decideRate,
  parseRatePolicy,
  type RatePolicies,
  rateWindowsOf,
  windowStartOf,
  withinCeiling,
} from "../../../domain/access/rate_limits.ts";

const policies: RatePolicies = {
  organization: { limit: 1000, window_seconds: 60, burst: 100 },
  perUser: { limit: 100, window_seconds: 60, burst: 10 },
  perKey: { limit: 200, window_seconds: 60, burst: 20 },
};
const user: Caller = { orgId: "org_1", userId: "u1", role: "admin" };
const key: Caller = { orgId: "org_1", userId: "k1", apiKeyId: "k1", role: "admin" };

Deno.test("rateWindowsOf: the organization's windows and the user's, or the key's with its own terms", () => {
  assert.deepEqual(rateWindowsOf(user, policies, null), [
    { name: "organization", subject: "org:org_1", limit: 1000, windowSeconds: 60 },
    { name: "organization-burst", subject: "org:org_1", limit: 100, windowSeconds: 1 },
    { name: "user", subject: "user:org_1:u1", limit: 100, windowSeconds: 60 },
    { name: "user-burst", subject: "user:org_1:u1", limit: 10, windowSeconds: 1 },
  ]);
  assert.deepEqual(rateWindowsOf(key, policies, null).slice(2).map((w) => [w.name, w.subject, w.limit]), [
    ["key", "key:k1", 200],
    ["key-burst", "key:k1", 20],
  ]);
  const own = rateWindowsOf(key, policies, {
    rateLimit: { limit: 5, window_seconds: 10, burst: 2 },
    dailyCallQuota: 50,
    dailyQuickBooksQuota: null,
  });
  assert.deepEqual(own.slice(2), [
    { name: "key", subject: "key:k1", limit: 5, windowSeconds: 10 },
    { name: "key-burst", subject: "key:k1", limit: 2, windowSeconds: 1 },
    { name: "daily", subject: "calls:key:k1", limit: 50, windowSeconds: 86_400 },
  ]);
});

Deno.test("decideRate: refused when any window is over, by the one that frees up last; remaining and reset", () => {
  const windows = rateWindowsOf(user, policies, null);
  const at = Date.parse("2026-06-01T12:00:15.250Z");
  const allowed = decideRate(windows, [1, 1, 100, 1], at);
  assert.equal(allowed.allowed, true);
  assert.deepEqual(allowed.windows.map((w) => [w.remaining, w.resetSeconds]), [[999, 45], [99, 1], [0, 45], [
    9,
    1,
  ]]);
  const burst = decideRate(windows, [2, 2, 2, 11], at);
  assert.deepEqual([burst.allowed, burst.refusedBy?.name], [false, "user-burst"]);
  const both = decideRate(windows, [2, 2, 101, 11], at);
  assert.equal(both.refusedBy?.name, "user", "waiting out the burst alone would not be enough");
});

Deno.test("windowStartOf: fixed windows aligned on the epoch", () => {
  assert.equal(
    windowStartOf(Date.parse("2026-06-01T12:00:59.999Z"), 60),
    Date.parse("2026-06-01T12:00:00Z") / 1000,
  );
  assert.equal(
    windowStartOf(Date.parse("2026-06-01T23:59:59Z"), 86_400),
    Date.parse("2026-06-01T00:00:00Z") / 1000,
  );
  fc.assert(fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 1, max: 86_400 }), (ms, w) => {
    const start = windowStartOf(ms, w);
    assert.ok(start * 1000 <= ms && ms < (start + w) * 1000);
  }));
});

Deno.test("withinCeiling and parseRatePolicy", () => {
  const ceiling = { limit: 600, window_seconds: 60, burst: 30 };
  assert.equal(withinCeiling({ limit: 60, window_seconds: 6, burst: 30 }, ceiling), true);
  assert.equal(
    withinCeiling({ limit: 61, window_seconds: 6, burst: 30 }, ceiling),
    false,
    "faster on average",
  );
  assert.equal(
    withinCeiling({ limit: 601, window_seconds: 600, burst: 30 }, ceiling),
    false,
    "more per window",
  );
  assert.equal(withinCeiling({ limit: 600, window_seconds: 60, burst: 31 }, ceiling), false);
  assert.deepEqual(parseRatePolicy(" 600 / 60s : 30 "), ceiling);
  for (const bad of ["600/60:30", "600/60s", "0/60s:1", "600/90000s:1", "a/60s:1"]) {
    assert.equal(parseRatePolicy(bad), null, bad);
  }
});
