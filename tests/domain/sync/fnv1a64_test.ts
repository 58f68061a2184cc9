import assert from "node:assert/strict";
import fc from "fast-check";
import { fnv1a64Hex } from "../../../domain/sync/fnv1a64.ts";

/** Reference FNV-1a 64 in BigInt, straight from the definition. */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = BigInt.asUintN(64, h * 0x100000001b3n);
  }
  return h.toString(16).padStart(16, "0");
}

Deno.test("fnv1a64Hex: published test vectors", () => {
  assert.equal(fnv1a64Hex(""), "cbf29ce484222325");
  assert.equal(fnv1a64Hex("a"), "af63dc4c8601ec8c");
  assert.equal(fnv1a64Hex("foobar"), "85944171f73967e8");
});

Deno.test("fnv1a64Hex: matches a BigInt reference on arbitrary unicode text (property)", () => {
  fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
    assert.equal(fnv1a64Hex(text), reference(text));
  }));
});
