/** The decoder accepts what the emulator's webhook dispatcher actually sends, in both formats. */
import assert from "node:assert/strict";
import { createEmulator } from "../../../../adapters/quickbooks-emulator/emulator.ts";
import { QuickBooksWebhookDecoder } from "../../../../adapters/quickbooks/webhooks/quickbooks_webhook_decoder.ts";
import type { WebhookEvent } from "../../../../domain/ports/webhook_inbox.ts";

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
