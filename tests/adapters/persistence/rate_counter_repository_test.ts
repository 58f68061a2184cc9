import assert from "node:assert/strict";
import { SqlRateCounters } from "../../../adapters/persistence/repositories/rate_counter_repository.ts";
import { SqlRateLimitSettingsRepository } from "../../../adapters/persistence/repositories/rate_limit_settings_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const keep = (w: { windowStart: number; windowSeconds: number }) => w.windowStart + w.windowSeconds;

contractSuite("SqlRateCounters contract", async (t, database) => {
  const counters = new SqlRateCounters(database);
  const minute = { subject: "org:a", windowSeconds: 60, windowStart: 1_000_020 };
  const second = { subject: "org:a", windowSeconds: 1, windowStart: 1_000_030 };

  await t.step(
    "add counts each window and answers the counts in the order asked, the same window once",
    async () => {
      assert.deepEqual(await counters.add([minute, second], keep), [1, 1]);
      assert.deepEqual(await counters.add([second, minute, second], keep), [2, 2, 2]);
      assert.deepEqual(await counters.add([minute], keep, 5), [7]);
      assert.deepEqual(await counters.add([], keep), []);
    },
  );

  await t.step("concurrent adds are never lost (the total is exact)", async () => {
    const user = { subject: "user:a:u1", windowSeconds: 60, windowStart: 1_000_020 };
    const results = await Promise.all(Array.from({ length: 40 }, () => counters.add([minute, user], keep)));
    assert.deepEqual(
      results.map((r) => r[1]).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.deepEqual(await counters.counts("org:a", 60, 0), [{ windowStart: 1_000_020, count: 47 }]);
  });

  await t.step(
    "counts lists a subject's windows from a start; purge drops what is past its keeping",
    async () => {
      await counters.add([{ ...minute, windowStart: 1_000_080 }], keep);
      assert.deepEqual((await counters.counts("org:a", 60, 1_000_021)).map((c) => c.windowStart), [
        1_000_080,
      ]);
      assert.equal(await counters.purge(1_000_081), 3, "the first minute, its second and the user's");
      assert.deepEqual(await counters.counts("org:a", 60, 0), [{ windowStart: 1_000_080, count: 1 }]);
    },
  );
});

contractSuite("SqlRateLimitSettingsRepository contract", async (t, database) => {
  const repo = new SqlRateLimitSettingsRepository(database);
  const policies = {
    organization: { limit: 100, window_seconds: 60, burst: 10 },
    perUser: { limit: 10, window_seconds: 60, burst: 2 },
    perKey: { limit: 20, window_seconds: 60, burst: 5 },
  };
  await t.step("null until set; put stores, replaces and bumps the version; per organization", async () => {
    assert.equal(await repo.get("org-a"), null);
    assert.deepEqual(await repo.put("org-a", policies, { at: "2026-06-01T12:00:00.000Z", by: "user:boss" }), {
      policies,
      version: 1,
      updatedAt: "2026-06-01T12:00:00.000Z",
      updatedBy: "user:boss",
    });
    const lower = { ...policies, perUser: { limit: 5, window_seconds: 60, burst: 1 } };
    assert.equal(
      (await repo.put("org-a", lower, { at: "2026-06-01T13:00:00.000Z", by: "user:boss" })).version,
      2,
    );
    assert.deepEqual((await repo.get("org-a"))?.policies, lower);
    assert.equal(await repo.get("org-b"), null);
  });
});
