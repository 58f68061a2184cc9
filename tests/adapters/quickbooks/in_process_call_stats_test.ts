import assert from "node:assert/strict";
import { InProcessCallStats } from "../../../adapters/quickbooks/in_process_call_stats.ts";

const T0 = Date.parse("2026-06-01T12:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

Deno.test("InProcessCallStats: the last hour per realm: calls, errors, 429s, p50 and p95", () => {
  const stats = new InProcessCallStats();
  const outcomes = ["ok", "ok", "error", "throttled", "ok"] as const;
  outcomes.forEach((outcome, i) =>
    stats.record({ realmId: "1", at: at(i), durationMs: (i + 1) * 100, outcome })
  );
  stats.record({ realmId: "2", at: at(1), durationMs: 5, outcome: "ok" });
  assert.deepEqual(stats.lastHour("1", at(10)), {
    calls: 5,
    errors: 1,
    throttled: 1,
    p50Ms: 300,
    p95Ms: 500,
  });
  assert.deepEqual(stats.lastHour("2", at(10)), { calls: 1, errors: 0, throttled: 0, p50Ms: 5, p95Ms: 5 });
  assert.deepEqual(stats.lastHour("1", at(62.5)), {
    calls: 2,
    errors: 0,
    throttled: 1,
    p50Ms: 400,
    p95Ms: 500,
  });
  assert.deepEqual(stats.lastHour("9", at(10)), {
    calls: 0,
    errors: 0,
    throttled: 0,
    p50Ms: null,
    p95Ms: null,
  });
});

Deno.test("InProcessCallStats: at most maxPerRealm calls are kept (the oldest go first)", () => {
  const stats = new InProcessCallStats(3);
  for (let i = 0; i < 5; i++) {
    stats.record({ realmId: "1", at: at(i), durationMs: i, outcome: i < 2 ? "error" : "ok" });
  }
  assert.deepEqual(stats.lastHour("1", at(10)), { calls: 3, errors: 0, throttled: 0, p50Ms: 3, p95Ms: 4 });
});
