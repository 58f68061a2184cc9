import assert from "node:assert/strict";
import { QuickBooksWebhookDecoder } from "../../../../adapters/quickbooks/webhooks/quickbooks_webhook_decoder.ts";
import { WebhookSignatureVerifier } from "../../../../adapters/quickbooks/webhooks/webhook_signature.ts";

const VERIFIER = "verifier-token-for-tests";
const decoder = new QuickBooksWebhookDecoder({ verifierToken: VERIFIER, maxBytes: 4096 });
const signer = new WebhookSignatureVerifier(VERIFIER);

async function signed(body: unknown, contentType: string | null = "application/json; charset=utf-8") {
  const rawBody = new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
  return { rawBody, signature: await signer.sign(rawBody), contentType };
}

const legacy = {
  eventNotifications: [{
    realmId: "1185883450",
    dataChangeEvent: {
      entities: [
        { name: "Customer", id: "1", operation: "Create", lastUpdated: "2015-10-05T14:42:19-0700" },
        {
          name: "Customer",
          id: "2",
          operation: "Merge",
          lastUpdated: "2015-10-05T14:43:19-0700",
          deletedId: "27",
        },
      ],
    },
  }],
};

const cloudEvents = [{
  specversion: "1.0",
  id: "88cd52aa-33b0-4b5c-8b3d-1d5f3c8f0a11",
  source: "intuit.abc",
  type: "qbo.salesreceipt.updated.v1",
  datacontenttype: "application/json",
  time: "2025-09-10T21:31:25.179851517Z",
  intuitentityid: "1234",
  intuitaccountid: "310687",
}, {
  specversion: "1.0",
  id: "99aa",
  type: "qbo.customer.merged.v1",
  time: "2025-09-10T21:31:26Z",
  intuitentityid: "12",
  intuitaccountid: "310687",
  data: { deletedid: "27" },
}];

Deno.test("QuickBooksWebhookDecoder.decode reads legacy notifications with stable dedup keys", async () => {
  const first = await decoder.decode(await signed(legacy));
  const again = await decoder.decode(await signed(legacy));
  assert.ok(first.accepted && again.accepted);
  assert.equal(first.events.length, 2);
  const [create, merge] = first.events;
  assert.deepEqual(
    [create.realmId, create.entityName, create.entityId, create.operation, create.format],
    ["1185883450", "Customer", "1", "Create", "legacy"],
  );
  assert.equal(create.occurredAt.toISOString(), "2015-10-05T21:42:19.000Z");
  assert.equal(merge.deletedId, "27");
  assert.deepEqual(first.events.map((e) => e.dedupKey), again.events.map((e) => e.dedupKey));
  assert.notEqual(create.dedupKey, merge.dedupKey);
});

Deno.test("QuickBooksWebhookDecoder.decode reads a CloudEvents array as application/cloudevents+json", async () => {
  const decoded = await decoder.decode(await signed(cloudEvents, "application/cloudevents+json"));
  assert.ok(decoded.accepted);
  const [receipt, merged] = decoded.events;
  assert.deepEqual(
    [receipt.dedupKey, receipt.realmId, receipt.entityName, receipt.entityId, receipt.operation],
    ["ce:88cd52aa-33b0-4b5c-8b3d-1d5f3c8f0a11", "310687", "SalesReceipt", "1234", "Update"],
  );
  assert.equal(receipt.occurredAt.toISOString(), "2025-09-10T21:31:25.179Z");
  assert.deepEqual([merged.operation, merged.deletedId, merged.entityName], ["Merge", "27", "Customer"]);
});

Deno.test("QuickBooksWebhookDecoder.decode rejects forged, unsigned, oversized, wrongly typed and malformed deliveries", async () => {
  const good = await signed(legacy);
  const forged = {
    ...good,
    rawBody: new TextEncoder().encode(JSON.stringify(legacy).replace("1185883450", "666")),
  };
  assert.deepEqual(await decoder.decode(forged), { accepted: false, reason: "invalid_signature" });
  assert.deepEqual(await decoder.decode({ ...good, signature: "not base64!" }), {
    accepted: false,
    reason: "invalid_signature",
  });
  assert.deepEqual(await decoder.decode({ ...good, signature: null }), {
    accepted: false,
    reason: "missing_signature",
  });
  assert.deepEqual(await decoder.decode({ ...good, contentType: "text/plain" }), {
    accepted: false,
    reason: "unsupported_media_type",
    mediaType: "text/plain",
  });
  const big = await signed({ padding: "x".repeat(5000) });
  assert.deepEqual(await decoder.decode(big), { accepted: false, reason: "payload_too_large" });
  assert.deepEqual(await decoder.decode(await signed("{not json")), {
    accepted: false,
    reason: "malformed_payload",
  });
  assert.deepEqual(await decoder.decode(await signed({ hello: "world" })), {
    accepted: false,
    reason: "malformed_payload",
  });
  assert.deepEqual(await decoder.decode(await signed([{ id: "x" }])), {
    accepted: false,
    reason: "malformed_payload",
  });
});

Deno.test("QuickBooksWebhookDecoder.decode skips events of unknown operations instead of failing the delivery", async () => {
  const odd = [{ ...cloudEvents[0], id: "zz", type: "qbo.customer.teleported.v1" }, cloudEvents[1]];
  const decoded = await decoder.decode(await signed(odd));
  assert.ok(decoded.accepted);
  assert.deepEqual(decoded.events.map((e) => e.dedupKey), ["ce:99aa"]);
});

/** The media types QBO's senders and relays use, each with either format (the Seen of issue 14). */
const JSON_MEDIA_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/cloudevents+json",
  "application/cloudevents+json; charset=utf-8",
  "application/cloudevents-batch+json",
  "Application/CloudEvents-Batch+JSON; charset=UTF-8",
  null,
  "",
];
const FORMATS = [
  { label: "legacy eventNotifications", body: legacy, format: "legacy", ids: ["1", "2"] },
  { label: "a CloudEvents array", body: cloudEvents, format: "cloudevents", ids: ["1234", "12"] },
  { label: "one structured CloudEvent", body: cloudEvents[1], format: "cloudevents", ids: ["12"] },
] as const;

Deno.test("QuickBooksWebhookDecoder.decode tells the format from the body under every JSON media type", async () => {
  for (const contentType of JSON_MEDIA_TYPES) {
    for (const { label, body, format, ids } of FORMATS) {
      const decoded = await decoder.decode(await signed(body, contentType));
      const where = `${label} as ${JSON.stringify(contentType)}`;
      assert.ok(decoded.accepted, `${where}: ${JSON.stringify(decoded)}`);
      assert.deepEqual(decoded.events.map((e) => e.entityId), ids, where);
      assert.ok(decoded.events.every((e) => e.format === format), where);
    }
  }
});

Deno.test("QuickBooksWebhookDecoder.decode refuses a forged body as forged whatever its media type", async () => {
  for (
    const contentType of [...JSON_MEDIA_TYPES, "text/xml", "text/plain", "application/x-www-form-urlencoded"]
  ) {
    for (const { body } of FORMATS) {
      const good = await signed(body, contentType);
      const forged = { ...good, signature: await signer.sign(new TextEncoder().encode("[]")) };
      assert.deepEqual(await decoder.decode(forged), { accepted: false, reason: "invalid_signature" });
      assert.deepEqual(await decoder.decode({ ...good, signature: null }), {
        accepted: false,
        reason: "missing_signature",
      });
    }
  }
});

Deno.test("QuickBooksWebhookDecoder.decode refuses a signed body declared as something other than JSON, naming the media type", async () => {
  for (
    const contentType of ["text/xml", "application/xml; charset=utf-8", "text/plain", "multipart/form-data"]
  ) {
    assert.deepEqual(await decoder.decode(await signed(cloudEvents, contentType)), {
      accepted: false,
      reason: "unsupported_media_type",
      mediaType: contentType.split(";")[0],
    });
  }
});

Deno.test("QuickBooksWebhookDecoder.decode refuses objects that are neither format, under any media type", async () => {
  for (const contentType of ["application/cloudevents+json", "application/json", null]) {
    for (const body of [{ specversion: "1.0" }, { eventNotifications: "x" }, [], "text", 7, null]) {
      assert.deepEqual(
        await decoder.decode(await signed(JSON.stringify(body), contentType)),
        { accepted: false, reason: "malformed_payload" },
        `${JSON.stringify(body)} as ${contentType}`,
      );
    }
  }
});
