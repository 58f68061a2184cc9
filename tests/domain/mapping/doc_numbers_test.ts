import assert from "node:assert/strict";
import fc from "fast-check";
import { docNumber, shortDigest } from "../../../domain/mapping/doc_numbers.ts";

Deno.test("docNumber: kind letter, YYYYMM and a 10-character digest", () => {
  assert.match(docNumber("rent_invoice", "2026-03", "lease_1|2026-03"), /^R202603-[0-9A-Z]{10}$/);
  assert.match(docNumber("late_fee_invoice", "2026-03-05", "x"), /^L202603-/);
});

Deno.test("docNumber: deterministic, at most 21 characters, distinct for distinct keys (property)", () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => {
    const da = docNumber("rent_invoice", "2026-03", a);
    assert.equal(da, docNumber("rent_invoice", "2026-03", a));
    assert.ok(da.length <= 21);
    if (a !== b) assert.notEqual(da, docNumber("rent_invoice", "2026-03", b));
  }));
});

Deno.test("shortDigest: known FNV-1a value for the empty string", () => {
  // FNV-1a 64 offset basis 0xcbf29ce484222325 reduced mod 36^10, base 36.
  assert.equal(
    shortDigest(""),
    (0xcbf29ce484222325n % 36n ** 10n).toString(36).padStart(10, "0").toUpperCase(),
  );
});
