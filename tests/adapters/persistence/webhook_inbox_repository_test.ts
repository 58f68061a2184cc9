import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import {
  MAX_INBOX_ATTEMPTS,
  SqlWebhookInbox,
} from "../../../adapters/persistence/repositories/webhook_inbox_repository.ts";
import type { WebhookEvent } from "../../../domain/ports/webhook_inbox.ts";
import { contractSuite } from "../../support/databases.ts";

const event = (key: string, realmId: string, occurredAt: string, entityId = key): WebhookEvent => ({
  dedupKey: key,
  realmId,
  entityName: "Customer",
  entityId,
  operation: "Update",
  occurredAt: new Date(occurredAt),
  deletedId: null,
  format: "cloudevents",
});
const NOW = new Date("2026-11-24T04:00:00.000Z");
const LATER = new Date("2026-11-24T04:05:00.000Z");

let sequence = 0;
contractSuite("WebhookInbox contract", async (t, database) => {
  const inbox = new SqlWebhookInbox(database, () => `entry-${++sequence}`);

  await t.step(
    "storeAll stores new events once and counts duplicates (redelivery, repeats in one body)",
    async () => {
      const first = await inbox.storeAll([
        event("b", "r1", "2026-11-24T03:00:02Z"),
        event("a", "r1", "2026-11-24T03:00:01Z"),
        event("a", "r1", "2026-11-24T03:00:01Z"),
      ], NOW);
      assert.deepEqual(first, { stored: 2, duplicates: 1 });
      assert.deepEqual(await inbox.storeAll([event("a", "r1", "2026-11-24T03:00:01Z")], NOW), {
        stored: 0,
        duplicates: 1,
      });
      await inbox.storeAll([event("c", "r2", "2026-11-24T03:00:00Z")], NOW);
      assert.deepEqual(await inbox.realmsWithPendingEvents(), ["r1", "r2"]);
    },
  );

  await t.step("claimNext hands out a realm's events in event-time order, one at a time", async () => {
    const first = await inbox.claimNext("r1", "w1", NOW, LATER);
    assert.equal(first?.dedupKey, "a");
    assert.equal(first?.attempts, 1);
    assert.equal(await inbox.claimNext("r1", "w2", NOW, LATER), null, "the realm is busy with w1");
    assert.equal(
      (await inbox.claimNext("r2", "w2", NOW, LATER))?.dedupKey,
      "c",
      "other realms are independent",
    );
    await inbox.markProcessed(first!.id, "w1", NOW);
    assert.equal((await inbox.claimNext("r1", "w2", NOW, LATER))?.dedupKey, "b");
  });

  await t.step("an expired claim can be taken over; release puts the event back at the head", async () => {
    const taken = await inbox.claimNext(
      "r1",
      "w3",
      new Date(LATER.getTime() + 1),
      new Date(LATER.getTime() + 60_000),
    );
    assert.equal(taken?.dedupKey, "b");
    await inbox.markProcessed(taken!.id, "w2", NOW); // w2 lost its claim: ignored
    await inbox.release(taken!.id, "w3", "QB007 QuickBooks is unavailable");
    const again = await inbox.claimNext("r1", "w4", NOW, LATER);
    assert.equal(again?.dedupKey, "b");
    assert.equal(again?.attempts, 3);
    await inbox.markProcessed(again!.id, "w4", NOW);
    assert.equal(await inbox.claimNext("r1", "w4", NOW, LATER), null);
  });

  await t.step("concurrent claimers of one realm: exactly one wins", async () => {
    await inbox.storeAll(
      [event("d", "r3", "2026-11-24T03:00:00Z"), event("e", "r3", "2026-11-24T03:00:01Z")],
      NOW,
    );
    const claims = await Promise.all(["x", "y", "z"].map((w) => inbox.claimNext("r3", w, NOW, LATER)));
    assert.equal(claims.filter((c) => c !== null).length, 1);
  });

  await t.step("an event failing too often is set aside so the realm moves on", async () => {
    await inbox.storeAll([
      event("poison", "r4", "2026-11-24T03:00:00Z"),
      event("next", "r4", "2026-11-24T03:00:01Z"),
    ], NOW);
    for (let i = 0; i < MAX_INBOX_ATTEMPTS; i++) {
      const claim = await inbox.claimNext("r4", "w", NOW, LATER);
      assert.equal(claim?.dedupKey, "poison");
      await inbox.release(claim!.id, "w", "boom");
    }
    assert.equal((await inbox.claimNext("r4", "w", NOW, LATER))?.dedupKey, "next");
  });
});

Deno.test({
  name: "SqlWebhookInbox: two processes (two handles on one libSQL file) never claim a realm twice",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "estatecore-inbox-" });
    const first = await openDatabase(`file:${dir}/shared.db`);
    await migrateToLatest(first);
    const second = await openDatabase(`file:${dir}/shared.db`);
    try {
      const one = new SqlWebhookInbox(first, () => `x-${++sequence}`);
      const two = new SqlWebhookInbox(second, () => `y-${++sequence}`);
      await Promise.all([
        one.storeAll(
          [event("k1", "r9", "2026-11-24T03:00:00Z"), event("k2", "r9", "2026-11-24T03:00:01Z")],
          NOW,
        ),
        two.storeAll(
          [event("k1", "r9", "2026-11-24T03:00:00Z"), event("k3", "r9", "2026-11-24T03:00:02Z")],
          NOW,
        ),
      ]);
      const claims = await Promise.all(
        ["a", "b", "c", "d"].map((w, i) => (i % 2 ? one : two).claimNext("r9", w, NOW, LATER)),
      );
      const won = claims.filter((c) => c !== null);
      assert.equal(won.length, 1);
      assert.equal(won[0]?.dedupKey, "k1");
    } finally {
      await second.close();
      await first.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
