import assert from "node:assert/strict";
import { sha256Hasher } from "../../../adapters/crypto/sha256_hasher.ts";

Deno.test("sha256Hasher.sha256Hex matches the SHA-256 test vectors", async () => {
  assert.equal(
    await sha256Hasher.sha256Hex(""),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.equal(
    await sha256Hasher.sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});

Deno.test("sha256Hasher hashes the UTF-8 bytes exactly as WebCrypto does (chains sealed before stay verifiable)", async () => {
  for (const text of ["Maple Court — unit 4B", "日本語 ✓ 🏠", '{"a":"\\u0000"}', "x".repeat(10_000)]) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    const expected = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    assert.equal(await sha256Hasher.sha256Hex(text), expected, text.slice(0, 20));
  }
});
