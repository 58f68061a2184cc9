import assert from "node:assert/strict";
import { webCryptoHasher } from "../../../adapters/system/web_crypto_hasher.ts";

Deno.test("webCryptoHasher.sha256Hex matches the published SHA-256 test vectors", async () => {
  assert.equal(
    await webCryptoHasher.sha256Hex(""),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.equal(
    await webCryptoHasher.sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.notEqual(await webCryptoHasher.sha256Hex("é"), await webCryptoHasher.sha256Hex("e"), "UTF-8 bytes are hashed");
});
