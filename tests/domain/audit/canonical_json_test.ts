import assert from "node:assert/strict";
import fc from "fast-check";
import { canonicalJson } from "../../../domain/audit/canonical_json.ts";

Deno.test("canonicalJson: sorted keys at every depth, undefined dropped", () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, undefined], c: null }, u: undefined }),
    '{"a":{"c":null,"d":[1,null]},"b":1}',
  );
});

Deno.test("canonicalJson: parses back to the same JSON value and ignores key order (property)", () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    const text = canonicalJson(value);
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const reversed = Object.fromEntries(Object.entries(value).reverse());
      assert.equal(canonicalJson(reversed), text);
    }
  }));
});
