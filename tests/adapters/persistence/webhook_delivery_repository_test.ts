import assert from "node:assert/strict";
import { SqlWebhookDeliveryRepository } from "../../../adapters/persistence/repositories/webhook_delivery_repository.ts";
import { SqlWebhookEndpointRepository } from "../../../adapters/persistence/repositories/webhook_endpoint_repository.ts";
import type { NewWebhookDelivery, WebhookAttempt } from "../../../domain/ports/webhook_deliveries.ts";
import { contractSuite } from "../../support/databases.ts";

const T0 = "2026-06-01T12:00:00.000Z";
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

const delivery = (n: number, endpointId = "whe_1", orgId = "org-1"): NewWebhookDelivery => ({
  id: `d${n}`,
  orgId,
  endpointId,
  eventId: `evt_${n}`,
  eventSeq: n,
  trigger: "scheduled",
  dedupeKey: `scheduled:${endpointId}:evt_${n}`,
  nextAttemptAt: T0,
  createdAt: T0,
});

const attemptOf = (
  id: string,
  deliveryId: string,
  attemptedAt: string,
  statusCode: number | null,
): WebhookAttempt => ({
  id,
  orgId: "org-1",
  endpointId: "whe_1",
  deliveryId,
  eventId: `evt_${deliveryId.slice(1)}`,
  eventType: "sync.run.completed",
  attempt: 1,
  trigger: "scheduled",
  attemptedAt,
  statusCode,
  durationMs: 12,
  error: statusCode === 200 ? null : "answered 500",
  responseBody: "ok",
  succeeded: statusCode === 200,
});

contractSuite("WebhookEndpointRepository contract", async (t, database) => {
  const endpoints = new SqlWebhookEndpointRepository(database);
  const base = {
    orgId: "org-1",
    url: "https://hooks.example.com/in",
    description: "platform",
    eventTypes: ["sync.run.failed"],
    enabled: true,
    cursorSeq: 7,
    sealedSecrets: "sealed-1",
    createdAt: T0,
  };

  await t.step("creates, reads and lists an organization's endpoints, never another's", async () => {
    await endpoints.create({ ...base, id: "whe_1" });
    await endpoints.create({ ...base, id: "whe_2", orgId: "org-2", eventTypes: [] });
    const one = await endpoints.get("org-1", "whe_1");
    assert.deepEqual(one && [one.url, one.eventTypes, one.enabled, one.cursorSeq, one.disabledReason], [
      "https://hooks.example.com/in",
      ["sync.run.failed"],
      true,
      7,
      null,
    ]);
    assert.equal(await endpoints.get("org-2", "whe_1"), null);
    assert.deepEqual((await endpoints.list("org-1")).map((e) => e.id), ["whe_1"]);
    assert.deepEqual((await endpoints.listEnabled(10)).map((e) => e.id), ["whe_1", "whe_2"]);
    assert.equal(await endpoints.sealedSecrets("org-1", "whe_1"), "sealed-1");
    assert.equal(await endpoints.sealedSecrets("org-2", "whe_1"), null);
  });

  await t.step("updates what it is told to; disabled endpoints leave the dispatcher's round", async () => {
    const updated = await endpoints.update(
      "org-1",
      "whe_1",
      { enabled: false, disabledReason: "gone" },
      at(1000),
    );
    assert.deepEqual(updated && [updated.enabled, updated.disabledReason, updated.url, updated.updatedAt], [
      false,
      "gone",
      base.url,
      at(1000),
    ]);
    assert.deepEqual((await endpoints.listEnabled(10)).map((e) => e.id), ["whe_2"]);
    assert.equal(await endpoints.update("org-2", "whe_1", { enabled: true }, at(2000)), null);
    await endpoints.replaceSecrets("org-1", "whe_1", "sealed-2", at(3000));
    assert.equal(await endpoints.sealedSecrets("org-1", "whe_1"), "sealed-2");
    assert.equal((await endpoints.get("org-1", "whe_1"))?.secretRotatedAt, at(3000));
  });

  await t.step(
    "disabling happens once: a second disable of a disabled endpoint changes nothing",
    async () => {
      await endpoints.update("org-1", "whe_1", { enabled: true, disabledReason: null }, at(4000));
      const [first, second] = await Promise.all([
        endpoints.disable("org-1", "whe_1", "failing", at(5000)),
        endpoints.disable("org-1", "whe_1", "gone", at(5000)),
      ]);
      assert.equal([first, second].filter((e) => e !== null).length, 1);
      assert.equal((await endpoints.get("org-1", "whe_1"))?.enabled, false);
      assert.equal(await endpoints.disable("org-2", "whe_1", "gone", at(6000)), null);
    },
  );

  await t.step("the cursor moves by compare-and-set: a stale dispatcher moves nothing", async () => {
    assert.equal(await endpoints.advanceCursor("whe_1", 7, 10), true);
    assert.equal(await endpoints.advanceCursor("whe_1", 7, 12), false);
    assert.equal((await endpoints.get("org-1", "whe_1"))?.cursorSeq, 10);
  });

  await t.step("deleting takes the endpoint's deliveries and attempts with it", async () => {
    const deliveries = new SqlWebhookDeliveryRepository(database);
    await deliveries.enqueue([delivery(1, "whe_2", "org-2")]);
    assert.equal(await endpoints.delete("org-1", "whe_2"), false);
    assert.equal(await endpoints.delete("org-2", "whe_2"), true);
    assert.equal(await deliveries.claim("w1", 60_000, at(0)), null);
  });
});

contractSuite("WebhookDeliveryRepository contract", async (t, database) => {
  const deliveries = new SqlWebhookDeliveryRepository(database);

  await t.step("enqueue leaves out a delivery whose key is taken", async () => {
    assert.equal(await deliveries.enqueue([delivery(1), delivery(2)]), 2);
    assert.equal(await deliveries.enqueue([delivery(2), { ...delivery(3) }]), 1);
  });

  await t.step("claims due deliveries in sequence order; one worker's lease keeps others off", async () => {
    const a = await deliveries.claim("w1", 60_000, at(0));
    const b = await deliveries.claim("w2", 60_000, at(0));
    assert.deepEqual([a?.eventSeq, a?.leaseOwner, b?.eventSeq, b?.leaseOwner], [1, "w1", 2, "w2"]);
    const c = await deliveries.claim("w1", 60_000, at(0));
    assert.equal(c?.eventSeq, 3);
    assert.equal(await deliveries.claim("w2", 60_000, at(0)), null);
  });

  await t.step("finishing needs the lease: a worker whose lease passed records nothing", async () => {
    const taken = await deliveries.claim("w3", 60_000, at(61_000));
    assert.equal(taken?.eventSeq, 1, "the expired lease of w1's delivery lets another worker claim it");
    assert.equal(taken?.attempts, 0, "the attempt the dead worker made is retried, not counted");
    const stale = { ...taken!, leaseOwner: "w1" };
    assert.equal(
      await deliveries.finish(
        stale,
        "w1",
        attemptOf("a0", "d1", at(61_500), 200),
        { kind: "succeeded" },
        at(61_500),
      ),
      false,
    );
    assert.equal(
      await deliveries.finish(
        taken!,
        "w3",
        attemptOf("a1", "d1", at(62_000), 200),
        { kind: "succeeded" },
        at(62_000),
      ),
      true,
    );
    assert.equal(
      await deliveries.finish(
        taken!,
        "w3",
        attemptOf("a1b", "d1", at(62_000), 200),
        { kind: "succeeded" },
        at(62_000),
      ),
      false,
      "a delivery is finished once",
    );
  });

  await t.step("a retry is due again at its time; a failed one is never claimed again", async () => {
    const d2 = await deliveries.claim("w1", 60_000, at(200_000));
    assert.equal(d2?.eventSeq, 2);
    await deliveries.finish(d2!, "w1", attemptOf("a2", "d2", at(200_000), 500), {
      kind: "retry",
      retryAt: at(205_000),
    }, at(200_000));
    const d3 = await deliveries.claim("w1", 60_000, at(200_001));
    assert.equal(d3?.eventSeq, 3);
    await deliveries.finish(
      d3!,
      "w1",
      attemptOf("a3", "d3", at(200_001), 500),
      { kind: "failed" },
      at(200_001),
    );
    assert.equal(await deliveries.claim("w1", 60_000, at(204_999)), null);
    const again = await deliveries.claim("w1", 60_000, at(205_000));
    assert.deepEqual([again?.eventSeq, again?.attempts], [2, 1]);
    await deliveries.finish(
      again!,
      "w1",
      attemptOf("a4", "d2", at(205_000), 200),
      { kind: "succeeded" },
      at(205_000),
    );
    assert.equal(await deliveries.claim("w1", 60_000, at(9_999_999)), null);
  });

  await t.step("the attempt log pages newest first; failures since a time are found", async () => {
    const first = (await deliveries.listAttempts("org-1", "whe_1", { limit: 2 }))!;
    assert.deepEqual(first.map((a) => a.id), ["a4", "a3"]);
    const rest = (await deliveries.listAttempts("org-1", "whe_1", { before: "a3", limit: 10 }))!;
    assert.deepEqual(rest.map((a) => a.id), ["a2", "a1"]);
    assert.deepEqual([rest[0].statusCode, rest[0].error, rest[0].succeeded], [500, "answered 500", false]);
    assert.deepEqual(await deliveries.listAttempts("org-2", "whe_1", { limit: 10 }), []);
    assert.equal(await deliveries.listAttempts("org-1", "whe_1", { before: "a-unknown", limit: 10 }), null);
    assert.equal(
      await deliveries.listAttempts("org-2", "whe_1", { before: "a3", limit: 10 }),
      null,
      "another organization's attempt is no cursor",
    );
    assert.deepEqual(await deliveries.failedEventIds("org-1", "whe_1", at(0)), ["evt_3"]);
    assert.deepEqual(await deliveries.failedEventIds("org-1", "whe_1", at(300_000)), []);
  });

  await t.step(
    "cancelling an endpoint's pending deliveries; two claimers racing take each once",
    async () => {
      await deliveries.enqueue([4, 5, 6, 7, 8, 9].map((n) => delivery(n)));
      await deliveries.enqueue([delivery(10, "whe_9")]);
      assert.equal(await deliveries.cancelPending("org-1", "whe_9", at(0)), 1);
      const claimed = await Promise.all(
        [0, 1, 2, 3, 4, 5, 6, 7].map((i) => deliveries.claim(`w${i % 2}`, 60_000, at(10_000_000))),
      );
      const seqs = claimed.filter((d) => d !== null).map((d) => d!.eventSeq).sort((a, b) => a - b);
      assert.deepEqual(seqs, [4, 5, 6, 7, 8, 9]);
    },
  );
});
