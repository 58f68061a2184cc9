import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { FrozenClock } from "../../../../adapters/quickbooks-emulator/clock/controllable_clock.ts";
import { SeededRandom } from "../../../../adapters/quickbooks-emulator/clock/seeded_random.ts";
import {
  parseEmulatorConfig,
  type WebhookEndpoint,
} from "../../../../adapters/quickbooks-emulator/config.ts";
import type { ChangeEvent } from "../../../../adapters/quickbooks-emulator/contracts.ts";
import { WebhookDispatcher } from "../../../../adapters/quickbooks-emulator/webhooks/webhook_dispatcher.ts";
import { startWebhookReceiver } from "./webhook_receiver.ts";

const VERIFIER = "test-verifier-token";

function dispatcher(
  endpoints: Array<Partial<WebhookEndpoint> & { url: string }>,
  extra: Record<string, number> = {},
) {
  const config = parseEmulatorConfig({
    webhooks: { verifierToken: VERIFIER, endpoints, batchWindowMs: 5, retryTimeScale: 0.0001, ...extra },
  });
  let tid = 0;
  return new WebhookDispatcher({
    config: config.webhooks,
    clock: new FrozenClock(new Date("2026-02-02T10:00:00Z")),
    random: new SeededRandom(11),
    newTid: () => `tid-${++tid}`,
  });
}

function change(
  id: string,
  operation: ChangeEvent["operation"] = "Create",
  extra: Partial<ChangeEvent> = {},
): ChangeEvent {
  return {
    realmId: "4620816365000000001",
    entityName: "Customer",
    id,
    operation,
    lastUpdated: "2026-02-02T02:00:00-08:00",
    ...extra,
  };
}

function expectedSignature(body: string): string {
  return createHmac("sha256", VERIFIER).update(body).digest("base64");
}

Deno.test("WebhookDispatcher: close-together changes go out as one signed legacy notification", async () => {
  const receiver = startWebhookReceiver();
  const d = dispatcher([{ url: receiver.url }]);
  try {
    d.notify(change("1"));
    d.notify(change("2", "Update"));
    d.notify(change("9", "Create", { realmId: "other", entityName: "Invoice" }));
    await d.whenIdle();
    assert.equal(receiver.received.length, 1);
    const post = receiver.received[0];
    assert.equal(post.headers["intuit-signature"], expectedSignature(post.body));
    assert.equal(post.headers["content-type"], "application/json; charset=utf-8");
    assert.equal(post.headers["intuit-t-id"], "tid-1");
    assert.equal(post.headers["intuit-created-time"], "2026-02-02T10:00:00.000Z");
    assert.deepEqual(JSON.parse(post.body), {
      eventNotifications: [
        {
          realmId: "4620816365000000001",
          dataChangeEvent: {
            entities: [
              { name: "Customer", id: "1", operation: "Create", lastUpdated: "2026-02-02T02:00:00-08:00" },
              { name: "Customer", id: "2", operation: "Update", lastUpdated: "2026-02-02T02:00:00-08:00" },
            ],
          },
        },
        {
          realmId: "other",
          dataChangeEvent: {
            entities: [{
              name: "Invoice",
              id: "9",
              operation: "Create",
              lastUpdated: "2026-02-02T02:00:00-08:00",
            }],
          },
        },
      ],
    });
  } finally {
    d.close();
    await receiver.close();
  }
});

Deno.test("WebhookDispatcher: CloudEvents array with type, account/entity ids and merge data", async () => {
  const receiver = startWebhookReceiver();
  const d = dispatcher([{ url: receiver.url, format: "cloudevents" }]);
  try {
    d.notify(change("5", "Merge", { deletedId: "27" }));
    d.notify(change("6", "Void", { entityName: "Invoice" }));
    await d.whenIdle();
    const post = receiver.received[0];
    assert.equal(post.headers["intuit-signature"], expectedSignature(post.body));
    assert.match(post.headers["content-type"], /^application\/cloudevents\+json/);
    const events = JSON.parse(post.body);
    assert.equal(events.length, 2);
    assert.deepEqual({ ...events[0], id: "<id>" }, {
      specversion: "1.0",
      id: "<id>",
      source: "intuit.qbo-emulator",
      type: "qbo.customer.merged.v1",
      datacontenttype: "application/json",
      time: "2026-02-02T10:00:00.000Z",
      intuitentityid: "5",
      intuitaccountid: "4620816365000000001",
      data: { deletedid: "27" },
    });
    assert.equal(events[1].type, "qbo.invoice.voided.v1");
    assert.equal(events[1].data, undefined);
    assert.match(events[0].id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(events[0].id, events[1].id);
  } finally {
    d.close();
    await receiver.close();
  }
});

Deno.test("WebhookDispatcher: each endpoint's configured Content-Type goes on the wire, none when null", async () => {
  const receiver = startWebhookReceiver();
  const d = dispatcher([
    {
      url: `${receiver.url}/batch`,
      format: "cloudevents",
      contentType: "application/cloudevents-batch+json",
    },
    { url: `${receiver.url}/plain`, format: "cloudevents", contentType: "application/json" },
    { url: `${receiver.url}/none`, format: "legacy", contentType: null },
    { url: `${receiver.url}/usual`, format: "legacy" },
  ]);
  try {
    d.notify(change("1"));
    await d.whenIdle();
    const sent = Object.fromEntries(
      receiver.received.map((post) => [post.path.split("/").at(-1), post.headers["content-type"]]),
    );
    assert.deepEqual(sent, {
      batch: "application/cloudevents-batch+json",
      plain: "application/json",
      none: undefined,
      usual: "application/json; charset=utf-8",
    });
    for (const post of receiver.received) {
      assert.equal(post.headers["intuit-signature"], expectedSignature(post.body));
    }
  } finally {
    d.close();
    await receiver.close();
  }
});

Deno.test("WebhookDispatcher: retries on QBO's schedule with identical bodies and ids", async () => {
  const receiver = startWebhookReceiver([500, 503, 404, 500, 500]);
  const d = dispatcher([{ url: receiver.url, format: "cloudevents" }]);
  try {
    d.notify(change("1"));
    await d.whenIdle();
    assert.equal(receiver.received.length, 6);
    const attempts = d.log.list();
    assert.deepEqual(attempts.map((a) => a.plannedDelayMs), [0, 10_000, 20_000, 30_000, 300_000, 1_200_000]);
    assert.deepEqual(attempts.map((a) => a.outcome), [
      "failed",
      "failed",
      "failed",
      "failed",
      "failed",
      "delivered",
    ]);
    assert.deepEqual(attempts.map((a) => a.httpStatus), [500, 503, 404, 500, 500, 200]);
    const bodies = new Set(receiver.received.map((r) => r.body));
    assert.equal(bodies.size, 1, "every attempt carries the same bytes");
    const ids = new Set(receiver.received.map((r) => JSON.parse(r.body)[0].id));
    assert.equal(ids.size, 1, "the CloudEvents id is stable across retries");
    assert.equal(new Set(receiver.received.map((r) => r.headers["intuit-signature"])).size, 1);
  } finally {
    d.close();
    await receiver.close();
  }
});

Deno.test("WebhookDispatcher: later changes wait until the first delivery is acknowledged", async () => {
  const receiver = startWebhookReceiver([500, 500]);
  const d = dispatcher([{ url: receiver.url }]);
  try {
    d.notify(change("first"));
    // Let the first delivery be built and fail once before the second change arrives.
    while (d.log.list().length === 0) await new Promise((r) => setTimeout(r, 1));
    d.notify(change("second"));
    await d.whenIdle();
    const ids = receiver.received.map((r) =>
      JSON.parse(r.body).eventNotifications[0].dataChangeEvent.entities[0].id
    );
    assert.deepEqual(ids, ["first", "first", "first", "second"]);
  } finally {
    d.close();
    await receiver.close();
  }
});

Deno.test("WebhookDispatcher: an unreachable endpoint is abandoned after maxAttempts", async () => {
  const receiver = startWebhookReceiver();
  const deadUrl = receiver.url;
  await receiver.close();
  const d = dispatcher([{ url: deadUrl }], { maxAttempts: 3 });
  try {
    d.notify(change("1"));
    await d.whenIdle();
    const attempts = d.log.list();
    assert.deepEqual(attempts.map((a) => a.outcome), ["failed", "failed", "abandoned"]);
    assert.ok(attempts[0].error);
  } finally {
    d.close();
  }
});

Deno.test("WebhookDispatcher: endpoints filter by entity and each has its own queue", async () => {
  const invoices = startWebhookReceiver([500]);
  const everything = startWebhookReceiver();
  const d = dispatcher([{ url: invoices.url, entities: ["Invoice"] }, { url: everything.url }]);
  try {
    d.notify(change("1"));
    d.notify(change("2", "Create", { entityName: "Invoice" }));
    await d.whenIdle();
    assert.equal(everything.received.length, 1);
    assert.equal(
      JSON.parse(everything.received[0].body).eventNotifications[0].dataChangeEvent.entities.length,
      2,
    );
    assert.equal(invoices.received.length, 2);
    const entities = JSON.parse(invoices.received[1].body).eventNotifications[0].dataChangeEvent.entities;
    assert.deepEqual(entities.map((e: { name: string }) => e.name), ["Invoice"]);
  } finally {
    d.close();
    await invoices.close();
    await everything.close();
  }
});
