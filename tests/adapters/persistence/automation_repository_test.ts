import assert from "node:assert/strict";
import { SqlAutomationRepository } from "../../../adapters/persistence/repositories/automation_repository.ts";
import type { SlotClaim } from "../../../domain/ports/automation_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const claim = (over: Partial<SlotClaim> = {}): SlotClaim => ({
  id: "run-1",
  orgId: "org-1",
  workflow: "rent_invoice_generation",
  slot: "2026-02-01T00:00:00.000Z",
  trigger: "schedule",
  asOf: "2026-02-01",
  owner: "w1",
  leaseMs: 60_000,
  now: "2026-02-01T00:00:10.000Z",
  ...over,
});

contractSuite("SqlAutomationRepository contract", async (t, database) => {
  const repo = new SqlAutomationRepository(database);

  await t.step(
    "saveConfig creates then replaces with version + 1; listEnabled spans organizations",
    async () => {
      const base = {
        orgId: "org-1",
        workflow: "rent_invoice_generation" as const,
        enabled: true,
        schedule: { kind: "monthly" as const, day: 1, at: "00:00" },
        missedSlots: "catch_up" as const,
        options: { starts_on: "2026-01-01", days_in_advance: 0 },
        scheduleFrom: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
        updatedBy: "user:u1",
      };
      assert.equal((await repo.saveConfig(base)).version, 1);
      const second = await repo.saveConfig({
        ...base,
        options: { starts_on: "2026-02-01", days_in_advance: 3 },
      });
      assert.equal(second.version, 2);
      assert.deepEqual(second.options, { starts_on: "2026-02-01", days_in_advance: 3 });
      await repo.saveConfig({ ...base, orgId: "org-2", workflow: "payment_sync", enabled: false });
      assert.deepEqual((await repo.listEnabled()).map((c) => [c.orgId, c.workflow]), [[
        "org-1",
        "rent_invoice_generation",
      ]]);
      assert.equal((await repo.listConfigs("org-2"))[0].enabled, false);
      assert.equal(await repo.getConfig("org-1", "payment_sync"), null);
    },
  );

  await t.step("claimSlot: one winner among concurrent claimers; a live lease is never taken", async () => {
    const results = await Promise.all(
      ["w1", "w2", "w3", "w4"].map((owner, i) => repo.claimSlot(claim({ id: `run-${i}`, owner }))),
    );
    const winners = results.filter((r) => r !== null);
    assert.equal(winners.length, 1);
    assert.equal(winners[0]!.attempts, 1);
    assert.equal(
      await repo.claimSlot(claim({ id: "late", owner: "w9", now: "2026-02-01T00:00:30.000Z" })),
      null,
    );
  });

  await t.step(
    "an expired lease is taken over once (attempt 2); the old owner can no longer finish",
    async () => {
      const current = (await repo.latestScheduledRun("org-1", "rent_invoice_generation"))!;
      const later = "2026-02-01T00:05:00.000Z";
      const [a, b] = await Promise.all([
        repo.claimSlot(claim({ id: "x1", owner: "w5", now: later })),
        repo.claimSlot(claim({ id: "x2", owner: "w6", now: later })),
      ]);
      const taker = a ?? b;
      assert.ok(taker && (a === null) !== (b === null));
      assert.equal(taker.id, current.id);
      assert.equal(taker.attempts, 2);
      assert.equal(
        await repo.finishRun(current.id, current.leaseOwner!, { status: "succeeded", result: {} }, later),
        false,
      );
      assert.equal(await repo.renewLease(current.id, taker.leaseOwner!, 60_000, later), true);
      assert.equal(
        await repo.finishRun(current.id, taker.leaseOwner!, {
          status: "failed",
          result: null,
          errorCode: "QB008",
          errorMessage: "failed",
          errorCause: { code: "NOT_FOUND", message: "no company" },
        }, later),
        true,
      );
      const done = (await repo.getRun("org-1", current.id))!;
      assert.equal(done.status, "failed");
      assert.deepEqual(done.errorCause, { code: "NOT_FOUND", message: "no company" });
      assert.equal(done.leaseOwner, null);
      assert.equal(
        await repo.claimSlot(claim({ id: "again", now: "2026-03-01T00:00:00.000Z" })),
        null,
        "finished is final",
      );
    },
  );

  await t.step(
    "latestScheduledRun ignores manual runs; listRuns filters and orders newest first",
    async () => {
      await repo.claimSlot(
        claim({ id: "m1", slot: "manual:m1", trigger: "manual", now: "2026-02-02T00:00:00.000Z" }),
      );
      await repo.claimSlot(
        claim({ id: "s2", slot: "2026-03-01T00:00:00.000Z", now: "2026-03-01T00:00:01.000Z" }),
      );
      assert.equal((await repo.latestScheduledRun("org-1", "rent_invoice_generation"))!.id, "s2");
      assert.deepEqual((await repo.listRuns("org-1", { limit: 10 })).map((r) => r.id).slice(0, 2), [
        "s2",
        "m1",
      ]);
      assert.equal((await repo.listRuns("org-1", { limit: 10, status: "failed" })).length, 1);
      assert.deepEqual(await repo.listRuns("org-2", { limit: 10 }), []);
      assert.equal(
        await repo.abandonRun(
          "s2",
          { status: "failed", result: null, errorCode: "QB008" },
          "2026-03-02T00:00:00.000Z",
        ),
        true,
      );
    },
  );
});
