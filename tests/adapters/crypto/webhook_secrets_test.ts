import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { JweSecretSealer } from "../../../adapters/crypto/jwe_secret_sealer.ts";
import { parseKeyRing } from "../../../adapters/crypto/key_ring.ts";
import { standardWebhooksSigning } from "../../../adapters/crypto/standard_webhooks_signing.ts";

const key = (n: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(n)));

Deno.test("JweSecretSealer: a sealed secret opens with any key of the ring, names its key, hides the secret", async () => {
  const secret = standardWebhooksSigning.newSecret();
  const old = new JweSecretSealer(parseKeyRing(`k1:${key(1)}`));
  const sealed = await old.seal(secret);
  assert.ok(!sealed.includes(secret.slice(6)) && !atob(sealed.split(".")[0]).includes(secret.slice(6)));
  const rotated = new JweSecretSealer(parseKeyRing(`k2:${key(2)},k1:${key(1)}`));
  assert.equal(await rotated.open(sealed), secret);
  const stranger = new JweSecretSealer(parseKeyRing(`k3:${key(3)}`));
  await assert.rejects(stranger.open(sealed), (e) => (e as { code: string }).code === "CONFIG_INVALID");
  const forged = new JweSecretSealer(parseKeyRing(`k1:${key(9)}`));
  await assert.rejects(
    forged.open(sealed),
    (e) => (e as { code: string }).code === "CONFIG_INVALID",
    "a key of the same id but other bytes does not open it",
  );
});

Deno.test("standardWebhooksSigning: fresh 32-byte secrets; signatures the library verifies and nothing else", () => {
  const a = standardWebhooksSigning.newSecret();
  const b = standardWebhooksSigning.newSecret();
  assert.notEqual(a, b);
  assert.equal(Uint8Array.from(atob(a.slice(6)), (c) => c.charCodeAt(0)).length, 32);
  const at = new Date();
  const body = JSON.stringify({ id: "evt_1", type: "sync.run.completed" });
  const signature = standardWebhooksSigning.sign(a, "evt_1", at, body);
  assert.match(signature, /^v1,[A-Za-z0-9+/]{43}=$/);
  const headers = {
    "webhook-id": "evt_1",
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
  assert.deepEqual(new Webhook(a).verify(body, headers), JSON.parse(body));
  assert.throws(() => new Webhook(b).verify(body, headers));
  assert.throws(() => new Webhook(a).verify(body, { ...headers, "webhook-id": "evt_2" }));
});
