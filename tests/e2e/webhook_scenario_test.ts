/**
 * Issue 17's Done-when, end to end: the service on loopback with the built-in QuickBooks emulator
 * and a webhook receiver on loopback that verifies every delivery with the Standard Webhooks
 * library from npm. Connect, sync, a payment and a void made in QuickBooks (pulled), a sync that
 * fails because the grant was revoked at Intuit, and the re-authorization: the receiver sees each
 * event of the organization exactly once, in sequence order, and the same events as the feed.
 */
import assert from "node:assert/strict";
import { keyedRequestId } from "../../domain/sync/request_id.ts";
import {
  admin,
  api,
  connect,
  connectWithMappings,
  loadSamplePortfolio,
  runJob,
  startService,
} from "../support/e2e_service.ts";
import { startReceiver } from "../support/webhook_receiver.ts";

const ORG = "org-hooks";

Deno.test({
  name:
    "webhooks e2e: connect, sync, QuickBooks payment and void, failed sync, re-authorization: each event once, in order",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const receiver = startReceiver({ now: () => new Date() });
    const run = await startService();
    const deliver = async () => {
      // Rounds until nothing is left to dispatch or send.
      for (let i = 0; i < 20; i++) {
        const done = await run.service.webhooksOut.deliver("w1");
        if (done.queued === 0 && done.succeeded === 0 && done.retry === 0) return;
      }
    };
    try {
      assert.equal((await api(run, "PUT", "/organization", ORG, { name: "Hooked Properties" })).status, 201);
      const created = await api(run, "POST", "/webhook-endpoints", ORG, { url: receiver.url("/estatecore") });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const secret: string = created.body.data.secret;

      // Connect and sync.
      const { target, gateway } = await connectWithMappings(run, ORG);
      await deliver();
      await loadSamplePortfolio(run, ORG, { properties: 1, unitsPerProperty: 2, months: 1 });
      await runJob(run, ORG, "push");
      await deliver();

      // Someone in QuickBooks voids one invoice and records a payment against the other.
      const invoices = (await run.service.syncData.links.listForRealm(ORG, target.realmId))
        .filter((l) => l.entityType === "Invoice");
      assert.ok(invoices.length >= 2, `${invoices.length} invoices`);
      const [voidedLink, paidLink] = invoices;
      const voided = (await gateway.read(target, "Invoice", voidedLink.qboId))!;
      const voiding = await gateway.writeBatch(target, [{
        key: "v",
        entityName: "Invoice",
        operation: "void",
        payload: { Id: voidedLink.qboId, SyncToken: voided.SyncToken },
      }], keyedRequestId(`qbo-user-void:${crypto.randomUUID()}`));
      assert.ok(voiding.results[0].ok, JSON.stringify(voiding.results[0]));
      const paid = (await gateway.read(target, "Invoice", paidLink.qboId))!;
      const payment = await gateway.writeBatch(target, [{
        key: "p",
        entityName: "Payment",
        operation: "create",
        payload: {
          CustomerRef: { value: (paid.CustomerRef as { value: string }).value },
          TotalAmt: 25,
          Line: [{ Amount: 25, LinkedTxn: [{ TxnId: paidLink.qboId, TxnType: "Invoice" }] }],
        },
      }], keyedRequestId(`qbo-user-payment:${crypto.randomUUID()}`));
      assert.ok(payment.results[0].ok, JSON.stringify(payment.results[0]));
      await runJob(run, ORG, "pull");
      await deliver();

      // The grant is revoked at Intuit: the next sync fails and the connection needs re-authorization.
      await admin(run, "/tokens/revoke", { realmId: target.realmId });
      const failing = await api(run, "POST", "/sync", ORG, { direction: "push" });
      assert.ok(failing.status === 202 || failing.status === 200, JSON.stringify(failing.body));
      while (await run.service.worker.runOnce()) { /* the job runs and fails */ }
      await deliver();

      // The customer connects again.
      assert.equal((await connect(run, ORG)).status, 200);
      await deliver();

      const feed = [];
      for (let after = 0;;) {
        const page = await api(run, "GET", `/events?after=${after}&limit=100`, ORG);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        feed.push(...page.body.data.items);
        if (page.body.data.next_cursor === null) break;
        after = page.body.data.next_cursor;
      }
      const got = receiver.received.filter((r) => r.path === "/estatecore");
      for (const delivery of got) {
        const verified = receiver.verify(delivery, secret) as { id: string };
        assert.equal(verified.id, delivery.webhookId);
        assert.equal(delivery.answered, 204);
      }
      assert.deepEqual(
        got.map((r) => r.payload.sequence),
        feed.map((_, i) => i + 1),
        "each once, in sequence order",
      );
      assert.deepEqual(got.map((r) => r.webhookId), feed.map((e: { id: string }) => e.id));
      assert.deepEqual(got.map((r) => r.payload.type), feed.map((e: { type: string }) => e.type));
      assert.deepEqual(
        got.map((r) => ({ ...r.payload, occurred_at: undefined })),
        feed.map((e: Record<string, unknown>) => ({ ...e, occurred_at: undefined })),
        "the delivery's body is the feed's event",
      );

      const types = got.map((r) => r.payload.type as string);
      const first = (type: string) => types.indexOf(type);
      for (
        const type of [
          "connection.connected",
          "sync.run.completed",
          "quickbooks.payment.received",
          "quickbooks.invoice.voided",
          "sync.run.failed",
          "connection.needs_reauthorization",
        ]
      ) assert.ok(first(type) >= 0, `${type} in ${types.join(", ")}`);
      assert.ok(first("connection.connected") < first("sync.run.completed"));
      assert.ok(first("sync.run.completed") < first("quickbooks.payment.received"));
      assert.ok(first("quickbooks.invoice.voided") < first("sync.run.failed"));
      assert.ok(first("quickbooks.payment.received") < first("connection.needs_reauthorization"));
      const reconnected = got.filter((r) => r.payload.type === "connection.connected");
      assert.deepEqual(reconnected.map((r) => r.payload.data.reconnected), [false, true]);
      assert.ok(types.lastIndexOf("connection.connected") > first("connection.needs_reauthorization"));
      const paidEvent = got.find((r) => r.payload.type === "quickbooks.payment.received")!;
      assert.equal(paidEvent.payload.data.amount_cents, 2_500);
      const voidEvent = got.find((r) => r.payload.type === "quickbooks.invoice.voided")!;
      assert.equal(voidEvent.payload.data.qbo_id, voidedLink.qboId);
    } finally {
      await receiver.stop();
      await run.close();
    }
  },
});
