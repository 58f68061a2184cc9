import assert from "node:assert/strict";
import {
  isJsonWebhookMediaType,
  WEBHOOK_JSON_MEDIA_TYPES,
  webhookMediaType,
} from "../../../../adapters/quickbooks/webhooks/webhook_media_type.ts";

Deno.test("webhookMediaType keeps the bare media type in lower case, null for no header", () => {
  assert.equal(
    webhookMediaType("Application/CloudEvents-Batch+JSON; charset=utf-8"),
    "application/cloudevents-batch+json",
  );
  assert.equal(webhookMediaType(" text/xml ;q=1"), "text/xml");
  assert.equal(webhookMediaType(null), null);
  assert.equal(webhookMediaType("  "), null);
});

Deno.test("isJsonWebhookMediaType takes the JSON media types in use, +json suffixes and no header", () => {
  for (const type of [...WEBHOOK_JSON_MEDIA_TYPES, "application/vnd.intuit+json; charset=utf-8", null, ""]) {
    assert.equal(isJsonWebhookMediaType(type), true, String(type));
  }
  for (
    const type of [
      "text/xml",
      "application/xml",
      "text/plain",
      "text/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      "application/+json",
      "application/json+xml",
    ]
  ) {
    assert.equal(isJsonWebhookMediaType(type), false, type);
  }
});
