import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { canonicalJson, sameJson } from "../../../domain/shared/canonical_json.ts";

/** The audit chain's former serializer (JSON.stringify per value): stored audit hashes were computed with it. */
function formerAuditCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    return `[${value.map((item) => formerAuditCanonicalJson(item === undefined ? null : item)).join(",")}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${formerAuditCanonicalJson(v)}`).join(",")}}`;
}

/** The same value with every object's keys in reverse order, at every depth. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

Deno.test("canonicalJson: sorts keys at every depth, drops undefined members, writes undefined items null, -0 as 0", () => {
  assert.equal(
    canonicalJson({
      b: 1,
      a: [true, null, -0, undefined],
      c: undefined,
      d: { z: "x", y: 1.1, at: new Date("2026-11-20T10:00:00Z") },
    }),
    '{"a":[true,null,0,null],"b":1,"d":{"at":"2026-11-20T10:00:00.000Z","y":1.1,"z":"x"}}',
  );
});

Deno.test("canonicalJson: an audit record's hash input is the text stored hashes were computed over", () => {
  const input = {
    seq: 1,
    orgId: "org_1",
    at: "2026-11-20T10:00:00.000Z",
    actor: "user:u1",
    action: "connection.connected",
    target: "realm:9130",
    details: {
      realm_id: "9130",
      scopes: ["com.intuit.quickbooks.accounting"],
      amount: 12.5,
      note: undefined,
    },
    requestId: null,
    prevHash: "",
  };
  const expected = '{"action":"connection.connected","actor":"user:u1","at":"2026-11-20T10:00:00.000Z",' +
    '"details":{"amount":12.5,"realm_id":"9130","scopes":["com.intuit.quickbooks.accounting"]},' +
    '"orgId":"org_1","prevHash":"","requestId":null,"seq":1,"target":"realm:9130"}';
  assert.equal(canonicalJson(input), expected);
  assert.equal(formerAuditCanonicalJson(input), expected);
});

Deno.test("canonicalJson: refuses what JSON cannot hold with a TypeError naming where it is", () => {
  const refused: [unknown, string][] = [
    [{ details: { ratio: NaN } }, "$.details.ratio: NaN has no JSON form"],
    [{ a: Infinity }, "$.a: Infinity has no JSON form"],
    [[1, -Infinity], "$[1]: -Infinity has no JSON form"],
    [{ a: 1n }, "$.a: bigint has no JSON form"],
    [{ a: () => 1 }, "$.a: function has no JSON form"],
    [{ a: [Symbol("s")] }, "$.a[0]: symbol has no JSON form"],
    [undefined, "$: undefined has no JSON form"],
  ];
  for (const [value, message] of refused) {
    assert.throws(() => canonicalJson(value), { name: "TypeError", message });
  }
});

Deno.test("canonicalJson: parses back to the value's JSON and is its own fixed point (property)", () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    const text = canonicalJson(value);
    assert.deepEqual(JSON.parse(text), viaJson(value));
    assert.equal(canonicalJson(JSON.parse(text)), text);
  }));
});

Deno.test("canonicalJson: ignores key order at every depth (property)", () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    assert.equal(canonicalJson(reversedKeys(value)), canonicalJson(value));
  }));
});

Deno.test("canonicalJson: equal strings exactly for equal JSON values (property)", () => {
  const pair = fc.oneof(
    fc.tuple(fc.jsonValue(), fc.jsonValue()),
    fc.jsonValue().map((value) => [value, reversedKeys(value)] as const),
  );
  fc.assert(fc.property(pair, ([a, b]) => {
    assert.equal(canonicalJson(a) === canonicalJson(b), isDeepStrictEqual(viaJson(a), viaJson(b)));
  }));
});

Deno.test("canonicalJson: writes every JSON value as the audit chain's former serializer did, so stored hashes verify (property)", () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    assert.equal(canonicalJson(value), formerAuditCanonicalJson(value));
  }));
});

Deno.test("sameJson: deep equality ignoring key order; undefined equals only itself", () => {
  assert.ok(sameJson({ a: 1, b: [2, { c: null }] }, { b: [2, { c: null }], a: 1 }));
  assert.ok(!sameJson({ a: 1 }, { a: 2 }));
  assert.ok(sameJson(undefined, undefined));
  assert.ok(!sameJson(undefined, null));
  assert.ok(!sameJson(null, undefined));
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    assert.ok(sameJson(viaJson(value), value));
  }));
});
