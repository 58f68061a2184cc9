import assert from "node:assert/strict";
import { z } from "zod";
import { emulatorConfigFromEnv, parseEmulatorConfig } from "../../../adapters/quickbooks-emulator/config.ts";

Deno.test("parseEmulatorConfig: development defaults and QBO's limits", () => {
  const config = parseEmulatorConfig();
  assert.equal(config.clients[0].clientId, "emulator-client-id");
  assert.equal(config.tokens.refreshTokenSeconds, 8726400);
  assert.deepEqual(config.throttle, {
    enabled: true,
    requestsPerMinutePerRealm: 500,
    requestsPerSecondPerRealmApp: 10,
    concurrentPerRealmApp: 10,
    batchPerMinutePerRealmApp: 40,
    batchPerMinutePerRealm: 120,
  });
  assert.throws(
    () => parseEmulatorConfig({ mountPath: "emulator/" }),
    (e) => e instanceof z.ZodError && e.issues.length === 1 && e.issues[0].path.join(".") === "mountPath",
  );
});

Deno.test("emulatorConfigFromEnv: QBO_EMULATOR_* variables override the defaults", () => {
  const config = emulatorConfigFromEnv({
    QBO_EMULATOR_CLIENT_ID: "abc",
    QBO_EMULATOR_REDIRECT_URIS: "http://a.test/cb, http://b.test/cb",
    QBO_EMULATOR_THROTTLE: "false",
    QBO_EMULATOR_SEED: "9",
    QBO_EMULATOR_COMPANY_NAMES: "One,Two",
    QBO_EMULATOR_WEBHOOK_URLS: "http://127.0.0.1:8787/webhooks/quickbooks",
    QBO_EMULATOR_WEBHOOK_FORMAT: "cloudevents",
  });
  assert.equal(config.clients[0].clientId, "abc");
  assert.equal(config.clients[0].clientSecret, "emulator-client-secret");
  assert.deepEqual(config.clients[0].redirectUris, ["http://a.test/cb", "http://b.test/cb"]);
  assert.equal(config.throttle.enabled, false);
  assert.equal(config.seed, 9);
  assert.deepEqual(config.companies.map((c) => c.companyName), ["One", "Two"]);
  assert.ok(
    config.companies.every((c) => c.classTracking && c.locationTracking),
    "named companies track like the sample sandbox",
  );
  assert.deepEqual(config.webhooks.endpoints, [
    { url: "http://127.0.0.1:8787/webhooks/quickbooks", format: "cloudevents", entities: [] },
  ]);
  assert.equal(emulatorConfigFromEnv({}).throttle.enabled, true);
});

Deno.test("emulatorConfigFromEnv: QBO_EMULATOR_WEBHOOK_CONTENT_TYPE names the deliveries' Content-Type, none sends none", () => {
  const urls = { QBO_EMULATOR_WEBHOOK_URLS: "http://127.0.0.1:8787/hooks" };
  const batch = emulatorConfigFromEnv({
    ...urls,
    QBO_EMULATOR_WEBHOOK_CONTENT_TYPE: "application/cloudevents-batch+json",
  });
  assert.equal(batch.webhooks.endpoints[0].contentType, "application/cloudevents-batch+json");
  const none = emulatorConfigFromEnv({ ...urls, QBO_EMULATOR_WEBHOOK_CONTENT_TYPE: "none" });
  assert.equal(none.webhooks.endpoints[0].contentType, null);
  assert.throws(
    () => emulatorConfigFromEnv({ ...urls, QBO_EMULATOR_WEBHOOK_CONTENT_TYPE: "json please" }),
    /a media type such as application\/json/,
  );
});
