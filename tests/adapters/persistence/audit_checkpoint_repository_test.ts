import assert from "node:assert/strict";
import { SqlAuditCheckpointStore } from "../../../adapters/persistence/repositories/audit_checkpoint_repository.ts";
import type { SignedCheckpoint } from "../../../domain/audit/checkpoint.ts";
import { contractSuite } from "../../support/databases.ts";

const signed = (
  orgId: string,
  seq: number,
  purpose: SignedCheckpoint["checkpoint"]["purpose"],
  at: string,
) => ({
  checkpoint: { orgId, seq, hash: `h${seq}`.padEnd(64, "0"), at, purpose },
  keyId: "k1",
  jws: `jws-${orgId}-${seq}-${purpose}-${at}`,
});

contractSuite("SqlAuditCheckpointStore contract", async (t, database) => {
  const store = new SqlAuditCheckpointStore(database.db);

  await t.step("nothing before the first checkpoint", async () => {
    assert.equal(await store.latest("org-a"), null);
    assert.deepEqual(await store.list("org-a"), []);
  });

  await t.step(
    "save keeps a checkpoint; the same position and purpose again answers the first one",
    async () => {
      const first = signed("org-a", 3, "periodic", "2026-12-04T01:00:00.000Z");
      assert.deepEqual(await store.save(first), first);
      const again = signed("org-a", 3, "periodic", "2026-12-04T02:00:00.000Z");
      assert.deepEqual(await store.save(again), first, "the trail did not move: the first checkpoint stands");
      const onDemand = signed("org-a", 3, "on_demand", "2026-12-04T02:00:00.000Z");
      assert.deepEqual(await store.save(onDemand), onDemand);
    },
  );

  await t.step("latest is the highest position (of a purpose when asked); list is newest first", async () => {
    await store.save(signed("org-a", 9, "export", "2026-12-04T03:00:00.000Z"));
    await store.save(signed("org-a", 5, "periodic", "2026-12-04T04:00:00.000Z"));
    assert.equal((await store.latest("org-a"))?.checkpoint.seq, 9);
    assert.equal((await store.latest("org-a", "periodic"))?.checkpoint.seq, 5);
    assert.equal(await store.latest("org-a", "retention"), null);
    assert.deepEqual((await store.list("org-a")).map((c) => c.checkpoint.seq), [9, 5, 3, 3]);
    assert.deepEqual((await store.list("org-a", { beforeSeq: 5, limit: 1 })).map((c) => c.checkpoint.seq), [
      3,
    ]);
  });

  await t.step("organizations never see each other's checkpoints", async () => {
    assert.equal(await store.latest("org-b"), null);
    await store.save(signed("org-b", 1, "periodic", "2026-12-04T01:00:00.000Z"));
    assert.deepEqual((await store.list("org-b")).map((c) => c.jws), [
      "jws-org-b-1-periodic-2026-12-04T01:00:00.000Z",
    ]);
    assert.equal((await store.latest("org-a"))?.checkpoint.seq, 9);
  });
});
