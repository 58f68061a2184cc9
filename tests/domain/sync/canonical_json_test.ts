import assert from "node:assert/strict";
import fc from "fast-check";
import { canonicalJson, sameJson } from "../../../domain/sync/canonical_json.ts";

Deno.test("canonicalJson: sorts keys, drops undefined members, normalizes -0", () => {
  assert.equal(
    canonicalJson({ b: 1, a: [true, null, -0, undefined], c: undefined, d: { z: "x", y: 1.1 } }),
    '{"a":[true,null,0,null],"b":1,"d":{"y":1.1,"z":"x"}}',
  );
});

Deno.test("canonicalJson: rejects values without a JSON form", () => {
  assert.throws(() => canonicalJson({ a: NaN }), TypeError);
  assert.throws(() => canonicalJson({ a: Infinity }), TypeError);
  assert.throws(() => canonicalJson({ a: 1n }), TypeError);
});

Deno.test("canonicalJson: agrees with JSON.parse round trip and ignores key order (property)", () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    const text = canonicalJson(value);
    assert.equal(canonicalJson(JSON.parse(text)), text);
    assert.ok(sameJson(JSON.parse(JSON.stringify(value)), value));
  }));
});
