import assert from "node:assert/strict";
import { hmacApiKeySecrets } from "../../../adapters/crypto/hmac_api_key_secrets.ts";
import { parseApiKey } from "../../../domain/access/api_key.ts";

const PEPPER = "a-pepper-that-is-long-enough-for-tests!!";

Deno.test("hmacApiKeySecrets.issue: eck_test_/eck_live_ keys our parser reads, with a digest that is not the key", async () => {
  const test = await hmacApiKeySecrets({ pepper: PEPPER, environment: "test" });
  const issued = await test.issue();
  assert.match(issued.key, /^eck_test_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(parseApiKey(issued.key), { lookup: issued.lookup, prefix: issued.prefix });
  assert.equal(issued.prefix, `eck_test_${issued.lookup}`);
  assert.match(issued.digest, /^[0-9a-f]{64}$/);
  assert.ok(!issued.digest.includes(issued.key.split("_").at(-1)!));
  const live = await (await hmacApiKeySecrets({ pepper: PEPPER, environment: "live" })).issue();
  assert.match(live.key, /^eck_live_/);
  const many = await Promise.all(Array.from({ length: 200 }, () => test.issue()));
  assert.equal(new Set(many.map((k) => k.lookup)).size, 200, "lookups do not repeat");
  assert.equal(new Set(many.map((k) => k.key)).size, 200);
});

Deno.test("hmacApiKeySecrets.matches: the key and its digest only, under the same pepper", async () => {
  const secrets = await hmacApiKeySecrets({ pepper: PEPPER, environment: "test" });
  const { key, digest } = await secrets.issue();
  assert.equal(await secrets.matches(key, digest), true);
  assert.equal(await secrets.matches(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`, digest), false);
  assert.equal(await secrets.matches(key, digest.replace(/^./, (c) => c === "0" ? "1" : "0")), false);
  assert.equal(await secrets.matches(key, "not hex"), false);
  const otherPepper = await hmacApiKeySecrets({ pepper: `${PEPPER}x`, environment: "test" });
  assert.equal(await otherPepper.matches(key, digest), false);
});
