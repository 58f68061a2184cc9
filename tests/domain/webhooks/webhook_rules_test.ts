import assert from "node:assert/strict";
import fc from "fast-check";
import { ipAddresses } from "../../../adapters/http/ip_addresses.ts";
import {
  JITTER_SHARE,
  RETRY_SCHEDULE_MS,
  retryDelayAfter,
  unitFromId,
} from "../../../domain/webhooks/delivery_schedule.ts";
import { signingSecrets, targetProblem } from "../../../domain/webhooks/webhook_endpoint.ts";
import { isNonPublicAddress } from "../../../src/webhooks_out/webhook_endpoints.ts";

Deno.test("retry schedule: ten attempts over about three days, each delay jittered within ±10 %", () => {
  assert.equal(RETRY_SCHEDULE_MS.length, 10);
  const total = RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
  assert.equal(total, (3 * 24 + 3) * 3_600_000 + 35 * 60_000 + 5_000);
  assert.equal(retryDelayAfter(10, 0.5), null, "the tenth failure ends the schedule");
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, u) => {
      const delay = retryDelayAfter(n, u)!;
      const base = RETRY_SCHEDULE_MS[n];
      return delay >= Math.floor(base * (1 - JITTER_SHARE)) && delay <= Math.ceil(base * (1 + JITTER_SHARE));
    }),
  );
  const units = Array.from({ length: 200 }, () => unitFromId(crypto.randomUUID()));
  assert.ok(units.every((u) => u >= 0 && u < 1));
  assert.ok(Math.min(...units) < 0.2 && Math.max(...units) > 0.8, "ids spread the jitter");
});

Deno.test("targets: https in production; private, loopback, link-local refused unless allowed", () => {
  const nonPublic = isNonPublicAddress(ipAddresses);
  const prod = { requireHttps: true, allowPrivate: false };
  const dev = { requireHttps: false, allowPrivate: true };
  const check = (url: string, policy: typeof prod, addresses: string[]) =>
    targetProblem(new URL(url), policy, addresses, nonPublic);
  assert.equal(check("https://hooks.example.com/x", prod, ["93.184.216.34"]), null);
  assert.match(check("http://hooks.example.com/x", prod, ["93.184.216.34"])!, /https/);
  for (
    const address of [
      "127.0.0.1",
      "10.1.2.3",
      "192.168.0.9",
      "172.20.0.1",
      "169.254.169.254",
      "::1",
      "fe80::1",
      "fd00::7",
      "::ffff:127.0.0.1",
      "100.64.0.1",
      "0.0.0.0",
    ]
  ) {
    assert.match(
      check("https://internal.example.com/", prod, ["93.184.216.34", address])!,
      /private, loopback/,
      address,
    );
  }
  assert.match(check("https://nowhere.example.com/", prod, [])!, /does not resolve/);
  assert.match(check("https://u:p@hooks.example.com/", prod, ["93.184.216.34"])!, /credentials/);
  assert.equal(check("http://127.0.0.1:9999/hook", dev, []), null);
  assert.match(check("ftp://127.0.0.1/", dev, [])!, /http or https/);
});

Deno.test("signing secrets: a replaced secret signs until its window ends, the current one always", () => {
  const secrets = [{ secret: "new", validUntil: null }, {
    secret: "old",
    validUntil: "2026-06-02T12:00:00.000Z",
  }];
  assert.deepEqual(signingSecrets(secrets, new Date("2026-06-02T11:59:59.000Z")), ["new", "old"]);
  assert.deepEqual(signingSecrets(secrets, new Date("2026-06-02T12:00:00.000Z")), ["new"]);
});
