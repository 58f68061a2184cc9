import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlRateBudget } from "../../../adapters/persistence/repositories/rate_budget_repository.ts";
import { InProcessRateBudget } from "../../../adapters/quickbooks/in_process_rate_budget.ts";
import type { RateBudget, RateLimits } from "../../../domain/ports/rate_budget.ts";
import { contractSuite } from "../../support/databases.ts";

const limits: RateLimits = {
  perMinute: 6,
  perSecond: 3,
  concurrent: 2,
  batchPerMinute: 1,
  permitTtlMs: 120_000,
};
const t0 = new Date("2026-11-24T04:00:00.000Z").getTime();
const at = (ms: number) => new Date(t0 + ms);

/** The RateBudget contract, run against the SQL budget (every database) and the in-process one. */
async function rateBudgetContract(t: Deno.TestContext, budget: RateBudget) {
  await t.step("caps concurrent permits until one is released", async () => {
    const a = await budget.tryAcquire("r1", "call", at(0));
    const b = await budget.tryAcquire("r1", "call", at(1));
    assert.ok(a.granted && b.granted);
    assert.equal((await budget.tryAcquire("r1", "call", at(2))).granted, false);
    await budget.release("r1", a.permitId, at(2));
    const c = await budget.tryAcquire("r1", "call", at(3));
    assert.ok(c.granted);
    await budget.release("r1", b.permitId, at(3));
    await budget.release("r1", c.permitId, at(3));
  });

  await t.step("caps calls per second and says how long to wait", async () => {
    const denied = await budget.tryAcquire("r1", "call", at(4));
    assert.equal(denied.granted, false);
    assert.ok(!denied.granted && denied.retryAfterMs > 0 && denied.retryAfterMs <= 1000);
  });

  await t.step("caps calls per minute across seconds", async () => {
    for (const ms of [1500, 2500, 3500]) {
      const permit = await budget.tryAcquire("r1", "call", at(ms));
      assert.ok(permit.granted, `call at ${ms}`);
      await budget.release("r1", permit.permitId, at(ms));
    }
    const denied = await budget.tryAcquire("r1", "call", at(4500));
    assert.ok(!denied.granted && denied.retryAfterMs > 50_000);
    assert.ok((await budget.tryAcquire("r1", "call", at(61_000))).granted);
  });

  await t.step("caps batches per minute separately, and realms are independent", async () => {
    const first = await budget.tryAcquire("r2", "batch", at(0));
    assert.ok(first.granted);
    await budget.release("r2", first.permitId, at(0));
    assert.equal((await budget.tryAcquire("r2", "batch", at(1500))).granted, false);
    assert.ok((await budget.tryAcquire("r2", "call", at(1600))).granted);
    assert.ok((await budget.tryAcquire("r3", "batch", at(1700))).granted);
  });

  await t.step("a permit never released stops counting after its time-to-live", async () => {
    const lost = [await budget.tryAcquire("r4", "call", at(0)), await budget.tryAcquire("r4", "call", at(1))];
    assert.ok(lost.every((p) => p.granted));
    assert.equal((await budget.tryAcquire("r4", "call", at(2))).granted, false);
    assert.ok((await budget.tryAcquire("r4", "call", at(121_000))).granted);
  });
}

/**
 * QBO counts a request when it arrives, somewhere between our grant and its answer: a permit counts
 * while in flight and for a whole window after its answer, not from its grant.
 */
async function arrivalContract(t: Deno.TestContext, budget: RateBudget) {
  await t.step("a slow answer keeps the permit in the second and the minute after it", async () => {
    const x = await budget.tryAcquire("a1", "call", at(0));
    const y = await budget.tryAcquire("a1", "call", at(10));
    assert.ok(x.granted && y.granted);
    const z = await budget.tryAcquire("a1", "call", at(1_000));
    assert.ok(!z.granted, "two in flight fill the concurrency");
    await budget.release("a1", x.permitId, at(1_400));
    await budget.release("a1", y.permitId, at(1_450));
    const w = await budget.tryAcquire("a1", "call", at(1_450));
    assert.ok(w.granted);
    await budget.release("a1", w.permitId, at(1_460));
    const early = await budget.tryAcquire("a1", "call", at(1_500));
    assert.ok(!early.granted, "counted from the grants, all three would be outside the second");
    assert.equal(early.retryAfterMs, 900);
    assert.ok((await budget.tryAcquire("a1", "call", at(2_401))).granted);

    const batch = await budget.tryAcquire("a2", "batch", at(0));
    assert.ok(batch.granted);
    await budget.release("a2", batch.permitId, at(30_000));
    assert.equal((await budget.tryAcquire("a2", "batch", at(60_500))).granted, false);
    assert.ok((await budget.tryAcquire("a2", "batch", at(90_001))).granted);
  });
}

let sequence = 0;
contractSuite(
  "RateBudget counts a request until a window after its answer (SQL)",
  (t, database) => arrivalContract(t, new SqlRateBudget(database, () => `arrival-${++sequence}`, limits)),
);
Deno.test(
  "RateBudget counts a request until a window after its answer (in-process)",
  (t) => arrivalContract(t, new InProcessRateBudget(limits)),
);

contractSuite(
  "RateBudget contract (SQL)",
  (t, database) => rateBudgetContract(t, new SqlRateBudget(database, () => `permit-${++sequence}`, limits)),
);

Deno.test("RateBudget contract (in-process)", (t) => rateBudgetContract(t, new InProcessRateBudget(limits)));

contractSuite(
  "SqlRateBudget shares one budget between instances on the same database",
  async (_t, database) => {
    const one = new SqlRateBudget(database, () => `a-${++sequence}`, limits);
    const two = new SqlRateBudget(database, () => `b-${++sequence}`, limits);
    const decisions = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? one : two).tryAcquire("shared", "call", at(i))),
    );
    assert.equal(
      decisions.filter((d) => d.granted).length,
      2,
      "only the concurrency limit's worth of permits",
    );
  },
);

Deno.test({
  name: "SqlRateBudget: two processes (two handles on one libSQL file) never exceed the concurrency limit",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "estatecore-budget-" });
    const first = await openDatabase(`file:${dir}/shared.db`);
    await migrateToLatest(first);
    const second = await openDatabase(`file:${dir}/shared.db`);
    try {
      const one = new SqlRateBudget(first, () => `p1-${++sequence}`, {
        ...limits,
        perSecond: 100,
        perMinute: 100,
      });
      const two = new SqlRateBudget(second, () => `p2-${++sequence}`, {
        ...limits,
        perSecond: 100,
        perMinute: 100,
      });
      const decisions = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).tryAcquire("shared", "call", at(i))),
      );
      assert.equal(decisions.filter((d) => d.granted).length, limits.concurrent);
    } finally {
      await second.close();
      await first.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
