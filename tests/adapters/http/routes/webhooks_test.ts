import assert from "node:assert/strict";
import { WebhookSignatureVerifier } from "../../../../adapters/quickbooks/webhooks/webhook_signature.ts";
import { API_BASE } from "../../../support/api_call.ts";
import { assertFailure, assertSuccess, declaredPermission } from "../../../support/route_checks.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

const VERIFIER = "route-test-webhook-verifier";
const REALM = "4620816365";

const CLOUD_EVENT = JSON.stringify([{
  specversion: "1.0",
  id: "evt-1",
  type: "qbo.invoice.updated.v1",
  time: "2026-06-01T11:59:00Z",
  intuitentityid: "130",
  intuitaccountid: REALM,
}]);
const LEGACY = JSON.stringify({
  eventNotifications: [{
    realmId: REALM,
    dataChangeEvent: {
      entities: [{
        name: "Customer",
        id: "58",
        operation: "Update",
        lastUpdated: "2026-06-01T11:58:00.000Z",
      }],
    },
  }],
});

const signer = new WebhookSignatureVerifier(VERIFIER);
const sign = (body: string, by = signer) => by.sign(new TextEncoder().encode(body));

async function deliver(
  svc: { app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> } },
  body: string,
  headers: Record<string, string>,
) {
  // As bytes: a string body would get a `text/plain` Content-Type when the headers name none.
  const res = await svc.app.request(`${API_BASE}/webhooks`, {
    method: "POST",
    headers,
    body: new TextEncoder().encode(body),
  });
  return { status: res.status, body: await res.json() };
}

Deno.test("registerWebhookRoute stores signed deliveries of both formats and acknowledges redeliveries", async () => {
  const svc = await startTestService({ QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER });
  try {
    assert.equal(
      await declaredPermission(svc.app, "POST", "/webhooks"),
      undefined,
      "PUBLIC: the HMAC authenticates",
    );
    const cloudHeaders = {
      "Content-Type": "application/cloudevents+json",
      "intuit-signature": await sign(CLOUD_EVENT),
    };
    assert.deepEqual(assertSuccess(await deliver(svc, CLOUD_EVENT, cloudHeaders), 200), {
      stored: 1,
      duplicates: 0,
    });
    assert.deepEqual(assertSuccess(await deliver(svc, CLOUD_EVENT, cloudHeaders), 200), {
      stored: 0,
      duplicates: 1,
    });
    const legacy = await deliver(svc, LEGACY, {
      "Content-Type": "application/json; charset=utf-8",
      "intuit-signature": await sign(LEGACY),
    });
    assert.deepEqual(assertSuccess(legacy, 200), { stored: 1, duplicates: 0 });
    assert.deepEqual(await svc.quickbooks.inbox.realmsWithPendingEvents(), [REALM]);
  } finally {
    await svc.close();
  }
});

Deno.test("registerWebhookRoute refuses missing, forged and tampered signatures with WEBHOOK_SIGNATURE_INVALID", async () => {
  const svc = await startTestService({ QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER });
  try {
    const json = { "Content-Type": "application/json" };
    const cases: [string, string, Record<string, string>, string][] = [
      ["no signature", LEGACY, json, "missing_signature"],
      ["an empty signature", LEGACY, { ...json, "intuit-signature": "" }, "missing_signature"],
      ["not base64", LEGACY, { ...json, "intuit-signature": "!!!" }, "invalid_signature"],
      [
        "signed with another verifier token",
        LEGACY,
        { ...json, "intuit-signature": await sign(LEGACY, new WebhookSignatureVerifier("someone-else")) },
        "invalid_signature",
      ],
      [
        "signed with the development default verifier token, not the configured one",
        LEGACY,
        {
          ...json,
          "intuit-signature": await sign(LEGACY, new WebhookSignatureVerifier("emulator-verifier-token")),
        },
        "invalid_signature",
      ],
      [
        "the body changed after signing (even whitespace)",
        `${LEGACY} `,
        { ...json, "intuit-signature": await sign(LEGACY) },
        "invalid_signature",
      ],
      // A bearer token is no substitute for Intuit's signature.
      [
        "a bearer token instead",
        LEGACY,
        { ...json, ...(await authHeader("org-a", "admin")) },
        "missing_signature",
      ],
    ];
    for (const [label, body, headers, reason] of cases) {
      const error = assertFailure(await deliver(svc, body, headers), 401, "WEBHOOK_SIGNATURE_INVALID");
      assert.deepEqual(error.details, { reason }, label);
    }
    assert.deepEqual(await svc.quickbooks.inbox.realmsWithPendingEvents(), [], "nothing was stored");
    assert.ok(
      svc.logs.some((l) => l.includes("quickbooks webhook rejected") && l.includes("invalid_signature")),
    );
  } finally {
    await svc.close();
  }
});

Deno.test("registerWebhookRoute refuses other media types, malformed payloads and oversize bodies", async () => {
  const svc = await startTestService({ QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER });
  try {
    const signed = async (body: string, contentType: string) =>
      deliver(svc, body, { "Content-Type": contentType, "intuit-signature": await sign(body) });
    const plain = assertFailure(await signed(LEGACY, "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
    assert.deepEqual(plain.details, { reason: "unsupported_media_type", media_type: "text/plain" });
    for (
      const body of ["{oops", JSON.stringify({ hello: "world" }), JSON.stringify([{ specversion: "1.0" }])]
    ) {
      const error = assertFailure(await signed(body, "application/json"), 400, "VALIDATION_FAILED");
      assert.deepEqual(error.details, { reason: "malformed_payload" }, body);
    }
    const huge = JSON.stringify({ eventNotifications: [], padding: "x".repeat(300 * 1024) });
    const tooLarge = assertFailure(await signed(huge, "application/json"), 413, "PAYLOAD_TOO_LARGE");
    assert.deepEqual(tooLarge.details, { reason: "payload_too_large" });
    assert.deepEqual(await svc.quickbooks.inbox.realmsWithPendingEvents(), []);
  } finally {
    await svc.close();
  }
});

Deno.test("registerWebhookRoute never refuses a signed delivery for its JSON media type, in either format (#14)", async () => {
  const svc = await startTestService({ QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER });
  try {
    const mediaTypes = [
      "application/cloudevents-batch+json",
      "application/cloudevents+json; charset=utf-8",
      "application/json",
      null,
    ];
    let n = 0;
    for (const contentType of mediaTypes) {
      for (const format of ["legacy", "cloudevents"] as const) {
        n++;
        const body = format === "legacy"
          ? LEGACY.replace('"id":"58"', `"id":"${n}"`)
          : CLOUD_EVENT.replace('"evt-1"', `"evt-${n}"`);
        const headers: Record<string, string> = { "intuit-signature": await sign(body) };
        if (contentType !== null) headers["Content-Type"] = contentType;
        assert.deepEqual(
          assertSuccess(await deliver(svc, body, headers), 200),
          { stored: 1, duplicates: 0 },
          `${format} as ${contentType}`,
        );
      }
    }
  } finally {
    await svc.close();
  }
});

Deno.test("registerWebhookRoute refuses a forged delivery with 401 whatever its media type, a signed text/xml one with 415", async () => {
  const svc = await startTestService({ QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER });
  try {
    const forger = new WebhookSignatureVerifier("someone-else");
    for (const contentType of ["text/xml", "application/cloudevents-batch+json", "application/json"]) {
      const forged = await deliver(svc, CLOUD_EVENT, {
        "Content-Type": contentType,
        "intuit-signature": await sign(CLOUD_EVENT, forger),
      });
      assert.deepEqual(assertFailure(forged, 401, "WEBHOOK_SIGNATURE_INVALID").details, {
        reason: "invalid_signature",
      });
    }
    const unsigned = await deliver(svc, CLOUD_EVENT, {});
    assert.deepEqual(assertFailure(unsigned, 401, "WEBHOOK_SIGNATURE_INVALID").details, {
      reason: "missing_signature",
    });
    const xml = await deliver(svc, CLOUD_EVENT, {
      "Content-Type": "text/xml; charset=utf-8",
      "intuit-signature": await sign(CLOUD_EVENT),
    });
    const refused = assertFailure(xml, 415, "UNSUPPORTED_MEDIA_TYPE");
    assert.deepEqual(refused.details, { reason: "unsupported_media_type", media_type: "text/xml" });
    assert.match(refused.message, /application\/cloudevents-batch\+json/);
    assert.deepEqual(await svc.quickbooks.inbox.realmsWithPendingEvents(), [], "nothing was stored");
  } finally {
    await svc.close();
  }
});
