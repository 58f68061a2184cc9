/** The decoder accepts what the emulator's webhook dispatcher actually sends, in both formats. */
import assert from "node:assert/strict";
import { createEmulator } from "../../../../adapters/quickbooks-emulator/emulator.ts";
import { QuickBooksWebhookDecoder } from "../../../../adapters/quickbooks/webhooks/quickbooks_webhook_decoder.ts";
import type { WebhookEvent } from "../../../../domain/ports/webhook_inbox.ts";
import { startTestService } from "../../../support/service.ts";

for (const format of ["legacy", "cloudevents"] as const) {
  Deno.test({
    name: `QuickBooksWebhookDecoder.decode accepts the emulator's signed ${format} deliveries`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const decoder = new QuickBooksWebhookDecoder({ verifierToken: "shared-verifier" });
      const received: WebhookEvent[] = [];
      const receiver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
        const decoded = await decoder.decode({
          rawBody: new Uint8Array(await request.arrayBuffer()),
          signature: request.headers.get("intuit-signature"),
          contentType: request.headers.get("content-type"),
        });
        if (!decoded.accepted) return new Response(decoded.reason, { status: 400 });
        received.push(...decoded.events);
        return new Response("ok");
      });
      const emulator = await createEmulator({
        companies: [{ companyName: "Hooks LLC" }],
        webhooks: {
          verifierToken: "shared-verifier",
          endpoints: [{ url: `http://127.0.0.1:${receiver.addr.port}/hooks`, format }],
          batchWindowMs: 0,
          onlyConnectedRealms: false,
        },
      });
      try {
        const [company] = emulator.companies.listCompanies();
        emulator.webhooks.listener({
          realmId: company.realmId,
          entityName: "Customer",
          id: "42",
          operation: "Merge",
          lastUpdated: "2026-11-24T03:00:00.000Z",
          deletedId: "41",
        });
        await emulator.webhooks.whenIdle();
        assert.equal(received.length, 1, JSON.stringify(emulator.webhooks.log.list()));
        const [event] = received;
        assert.deepEqual(
          [event.realmId, event.entityName, event.entityId, event.operation, event.deletedId, event.format],
          [company.realmId, "Customer", "42", "Merge", "41", format],
        );
        assert.equal(event.occurredAt.toISOString(), "2026-11-24T03:00:00.000Z");
      } finally {
        await emulator.close();
        await receiver.shutdown();
      }
    },
  });
}

/** Each format with each Content-Type the emulator can be told to send, one entity per endpoint. */
const SENDER_MATRIX = [
  { format: "legacy", contentType: undefined, entity: "Customer" },
  { format: "legacy", contentType: "application/cloudevents+json", entity: "Vendor" },
  { format: "legacy", contentType: "application/cloudevents-batch+json", entity: "Invoice" },
  { format: "legacy", contentType: null, entity: "Bill" },
  { format: "cloudevents", contentType: undefined, entity: "Payment" },
  { format: "cloudevents", contentType: "application/json", entity: "Item" },
  { format: "cloudevents", contentType: "application/cloudevents-batch+json", entity: "Account" },
  { format: "cloudevents", contentType: null, entity: "Class" },
] as const;

Deno.test({
  name:
    "WebhookDispatcher deliveries in each format under each Content-Type are stored by the service's webhook route",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const service = await startTestService({ QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: "matrix-verifier" });
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, service.app.fetch);
    const url = `http://127.0.0.1:${server.addr.port}/api/quickbooks/webhooks`;
    const emulator = await createEmulator({
      companies: [{ companyName: "Media Types LLC" }],
      webhooks: {
        verifierToken: "matrix-verifier",
        endpoints: SENDER_MATRIX.map(({ format, contentType, entity }) => ({
          url,
          format,
          contentType,
          entities: [entity],
        })),
        batchWindowMs: 0,
        onlyConnectedRealms: false,
        // A refused delivery shows up as abandoned at once instead of being retried for hours.
        maxAttempts: 1,
      },
    });
    try {
      const [company] = emulator.companies.listCompanies();
      for (const { entity } of SENDER_MATRIX) {
        emulator.webhooks.listener({
          realmId: company.realmId,
          entityName: entity,
          id: "7",
          operation: "Update",
          lastUpdated: "2026-11-24T03:00:00.000Z",
        });
      }
      await emulator.webhooks.whenIdle();
      const log = emulator.webhooks.log.list();
      for (const { format, contentType, entity } of SENDER_MATRIX) {
        const attempt = log.find((a) =>
          a.body.includes(format === "legacy" ? `"${entity}"` : `qbo.${entity.toLowerCase()}.`)
        );
        const where = `${format} as ${contentType}`;
        assert.ok(attempt, where);
        assert.equal(attempt.outcome, "delivered", `${where}: ${attempt.httpStatus} ${attempt.error ?? ""}`);
        assert.equal(attempt.httpStatus, 200, where);
        const sent = attempt.headers["content-type"];
        if (contentType === null) assert.equal(sent, undefined, where);
        else if (contentType !== undefined) assert.equal(sent, contentType, where);
      }
      assert.equal(log.length, SENDER_MATRIX.length, "one delivery each, none retried");
      const stored: string[] = [];
      for (;;) {
        const entry = await service.quickbooks.inbox.claimNext(
          company.realmId,
          "test",
          new Date("2026-11-24T04:00:00Z"),
          new Date("2026-11-24T05:00:00Z"),
        );
        if (!entry) break;
        stored.push(`${entry.format}:${entry.entityName}`);
        await service.quickbooks.inbox.markProcessed(entry.id, "test", new Date("2026-11-24T04:00:00Z"));
      }
      assert.deepEqual(
        stored.sort(),
        SENDER_MATRIX.map(({ format, entity }) => `${format}:${entity}`).sort(),
      );
    } finally {
      await emulator.close();
      await server.shutdown();
      await service.close();
    }
  },
});
