import assert from "node:assert/strict";
import fc from "fast-check";
import { fingerprint } from "../../../domain/sync/fingerprint.ts";

Deno.test("fingerprint: equal for the same payload in any key order, different when a field changes", () => {
  const a = fingerprint({ DisplayName: "Jane", BillAddr: { City: "Austin", Line1: "1 Main" } });
  const b = fingerprint({ BillAddr: { Line1: "1 Main", City: "Austin" }, DisplayName: "Jane" });
  assert.equal(a, b);
  assert.match(a, /^fnv1a64:[0-9a-f]{16}$/);
  assert.notEqual(a, fingerprint({ DisplayName: "Jane", BillAddr: { City: "Austin", Line1: "2 Main" } }));
});

Deno.test("fingerprint: a payload and its JSON round trip share a fingerprint (property)", () => {
  fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (payload) => {
    assert.equal(fingerprint(JSON.parse(JSON.stringify(payload))), fingerprint(payload));
  }));
});
