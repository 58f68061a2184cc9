import assert from "node:assert/strict";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { SqlWebhookInbox } from "../../../adapters/persistence/repositories/webhook_inbox_repository.ts";
import { QuickBooksWebhookDecoder } from "../../../adapters/quickbooks/webhooks/quickbooks_webhook_decoder.ts";
import { WebhookSignatureVerifier } from "../../../adapters/quickbooks/webhooks/webhook_signature.ts";
import { isDomainError } from "../../../domain/errors.ts";
import { receiveWebhook } from "../../../src/webhooks/receive_webhook.ts";
import { contractSuite } from "../../support/databases.ts";
import { PromMetrics } from "../../../adapters/metrics/prom_metrics.ts";
import { parseExposition, sampleValue } from "../../support/prometheus_text.ts";

const VERIFIER = "verifier";
const body = new TextEncoder().encode(JSON.stringify([{
  specversion: "1.0",
  id: "evt-77",
  type: "qbo.payment.created.v1",
  time: "2026-11-24T03:00:00Z",
  intuitentityid: "9",
  intuitaccountid: "123",
}]));

let sequence = 0;
contractSuite("receiveWebhook", async (t, database) => {
  const lines: string[] = [];
  const deps = {
    decoder: new QuickBooksWebhookDecoder({ verifierToken: VERIFIER }),
    inbox: new SqlWebhookInbox(database, () => `e-${++sequence}`),
    clock: { now: () => new Date("2026-11-24T03:00:01Z") },
    logger: new JsonLogger({ level: "debug", sink: (line) => lines.push(line) }),
    metrics: new PromMetrics({ maxLabelledRealms: 5 }),
  };
  const signature = await new WebhookSignatureVerifier(VERIFIER).sign(body);

  await t.step("stores a signed delivery once; a redelivery is acknowledged as a duplicate", async () => {
    const delivery = { rawBody: body, signature, contentType: "application/cloudevents+json" };
    assert.deepEqual(await receiveWebhook(deps, delivery), { stored: 1, duplicates: 0 });
    assert.deepEqual(await receiveWebhook(deps, delivery), { stored: 0, duplicates: 1 });
    assert.deepEqual(await deps.inbox.realmsWithPendingEvents(), ["123"]);
  });

  await t.step(
    "rejects a forged delivery with WEBHOOK_SIGNATURE_INVALID, logs why and stores nothing",
    async () => {
      const forged = {
        rawBody: body,
        signature: await new WebhookSignatureVerifier("other").sign(body),
        contentType: "application/json",
      };
      await assert.rejects(
        receiveWebhook(deps, forged),
        (e) => isDomainError(e) && e.code === "WEBHOOK_SIGNATURE_INVALID",
      );
      assert.ok(lines.some((line) => line.includes("invalid_signature")));
      const claimed = await deps.inbox.claimNext("123", "w", new Date(), new Date(Date.now() + 1000));
      assert.equal(claimed?.dedupKey, "ce:evt-77");
      await deps.inbox.markProcessed(claimed!.id, "w", new Date());
      assert.equal(await deps.inbox.claimNext("123", "w", new Date(), new Date(Date.now() + 1000)), null);
    },
  );

  await t.step(
    "counts the deliveries accepted and rejected (by reason), the events stored and duplicate",
    async () => {
      const f = parseExposition((await deps.metrics.render()).body);
      assert.equal(sampleValue(f, "estatecore_webhook_deliveries_total", { outcome: "accepted" }), 2);
      assert.equal(sampleValue(f, "estatecore_webhook_deliveries_total", { outcome: "rejected" }), 1);
      assert.equal(sampleValue(f, "estatecore_webhook_rejections_total", { reason: "invalid_signature" }), 1);
      assert.equal(sampleValue(f, "estatecore_webhook_events_total", { result: "stored" }), 1);
      assert.equal(sampleValue(f, "estatecore_webhook_events_total", { result: "duplicate" }), 1);
    },
  );

  await t.step(
    "announces the changed entities per realm once stored; a failing listener never fails the delivery",
    async () => {
      const account = new TextEncoder().encode(JSON.stringify([
        { ...JSON.parse(new TextDecoder().decode(body))[0], id: "evt-78", type: "qbo.account.updated.v1" },
        { ...JSON.parse(new TextDecoder().decode(body))[0], id: "evt-79", type: "qbo.term.created.v1" },
      ]));
      const announced: [string, readonly string[]][] = [];
      const delivery = {
        rawBody: account,
        signature: await new WebhookSignatureVerifier(VERIFIER).sign(account),
        contentType: "application/cloudevents+json",
      };
      const listening = {
        ...deps,
        onEntitiesChanged: (realmId: string, names: readonly string[]) => {
          announced.push([realmId, names]);
          return Promise.resolve();
        },
      };
      assert.deepEqual(await receiveWebhook(listening, delivery), { stored: 2, duplicates: 0 });
      assert.deepEqual(announced, [["123", ["Account", "Term"]]]);
      const failing = { ...deps, onEntitiesChanged: () => Promise.reject(new Error("database down")) };
      assert.deepEqual(await receiveWebhook(failing, delivery), { stored: 0, duplicates: 2 });
      assert.ok(lines.some((line) => line.includes("changed entities could not be announced")));
    },
  );
});
