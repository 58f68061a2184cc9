import assert from "node:assert/strict";
import { parseEmulatorConfig } from "../../../../adapters/quickbooks-emulator/config.ts";
import {
  QboRateLimiter,
  type ThrottleRequest,
} from "../../../../adapters/quickbooks-emulator/throttle/qbo_rate_limiter.ts";

const T0 = Date.parse("2026-05-01T00:00:00Z");
const plain = (clientId = "app"): ThrottleRequest => ({ realmId: "r1", clientId, isBatch: false });
const batch = (clientId = "app"): ThrottleRequest => ({ realmId: "r1", clientId, isBatch: true });

function limiter(overrides: Record<string, number | boolean> = {}) {
  return new QboRateLimiter(parseEmulatorConfig({ throttle: overrides }).throttle);
}

/** Admits `n` requests, releasing each at once; returns how many were admitted. */
function admitMany(l: QboRateLimiter, n: number, req: ThrottleRequest, at: number): number {
  let admitted = 0;
  for (let i = 0; i < n; i++) {
    const r = l.tryAdmit(req, at);
    if (r.ok) {
      admitted++;
      r.release();
    }
  }
  return admitted;
}

Deno.test("QboRateLimiter.tryAdmit: 10 per second per realm+app, the 11th refused until the window slides", () => {
  const l = limiter();
  assert.equal(admitMany(l, 10, plain(), T0), 10, "none refused below the limit");
  assert.deepEqual(l.tryAdmit(plain(), T0), { ok: false, limit: "requests_per_second_per_realm_app" });
  assert.equal(l.tryAdmit(plain(), T0 + 999).ok, false);
  assert.equal(l.tryAdmit(plain(), T0 + 1000).ok, true, "requests at T0 leave the window at T0+1000");
  assert.equal(
    l.tryAdmit(plain("other-app"), T0 + 999).ok,
    true,
    "another app has its own per-second budget",
  );
});

Deno.test("QboRateLimiter.tryAdmit: 500 per minute per realm across apps", () => {
  const l = limiter({ requestsPerSecondPerRealmApp: 1000 });
  assert.equal(admitMany(l, 250, plain("a"), T0), 250);
  assert.equal(admitMany(l, 250, plain("b"), T0 + 30_000), 250);
  assert.deepEqual(l.tryAdmit(plain("c"), T0 + 59_999), {
    ok: false,
    limit: "requests_per_minute_per_realm",
  });
  assert.equal(admitMany(l, 250, plain("c"), T0 + 60_000), 250, "the first 250 slid out");
  assert.equal(l.tryAdmit(plain("c"), T0 + 60_000).ok, false);
  assert.equal(
    l.tryAdmit({ realmId: "r2", clientId: "a", isBatch: false }, T0).ok,
    true,
    "other realms unaffected",
  );
});

Deno.test("QboRateLimiter.tryAdmit: default limits spread over 50 seconds reach exactly 500", () => {
  const l = limiter();
  let admitted = 0;
  for (let second = 0; second < 50; second++) admitted += admitMany(l, 10, plain(), T0 + second * 1000);
  assert.equal(admitted, 500);
  assert.deepEqual(l.tryAdmit(plain(), T0 + 50_000), { ok: false, limit: "requests_per_minute_per_realm" });
  assert.equal(l.tryAdmit(plain(), T0 + 60_000).ok, true);
});

Deno.test("QboRateLimiter.tryAdmit: 10 concurrent per realm+app; a release frees a slot", () => {
  const l = limiter({ requestsPerSecondPerRealmApp: 1000 });
  const held = [];
  for (let i = 0; i < 10; i++) {
    const r = l.tryAdmit(plain(), T0);
    assert.equal(r.ok, true);
    if (r.ok) held.push(r.release);
  }
  assert.deepEqual(l.tryAdmit(plain(), T0), { ok: false, limit: "concurrent_per_realm_app" });
  assert.equal(l.tryAdmit(plain("other"), T0).ok, true);
  held[0]();
  held[0]();
  const next = l.tryAdmit(plain(), T0);
  assert.equal(next.ok, true);
  assert.equal(l.tryAdmit(plain(), T0).ok, false, "a double release frees only one slot");
});

Deno.test("QboRateLimiter.tryAdmit: 40 batches per minute per realm+app, 120 per realm", () => {
  const l = limiter({ requestsPerSecondPerRealmApp: 1000 });
  assert.equal(admitMany(l, 40, batch("a"), T0), 40);
  assert.deepEqual(l.tryAdmit(batch("a"), T0), { ok: false, limit: "batch_per_minute_per_realm_app" });
  assert.equal(l.tryAdmit(plain("a"), T0).ok, true, "plain requests are not batch-limited");
  assert.equal(admitMany(l, 40, batch("b"), T0 + 1), 40);
  assert.equal(admitMany(l, 40, batch("c"), T0 + 2), 40);
  assert.deepEqual(l.tryAdmit(batch("d"), T0 + 3), { ok: false, limit: "batch_per_minute_per_realm" });
  assert.equal(l.tryAdmit(batch("a"), T0 + 60_000).ok, true);
});

Deno.test("QboRateLimiter.tryAdmit: batch calls also count toward the 500 per minute", () => {
  const l = limiter({
    requestsPerSecondPerRealmApp: 1000,
    batchPerMinutePerRealmApp: 1000,
    batchPerMinutePerRealm: 1000,
  });
  assert.equal(admitMany(l, 300, batch(), T0), 300);
  assert.equal(admitMany(l, 201, plain(), T0), 200);
});

Deno.test("QboRateLimiter.tryAdmit: disabled throttling admits everything", () => {
  const l = limiter({ enabled: false });
  assert.equal(admitMany(l, 2000, batch(), T0), 2000);
});
