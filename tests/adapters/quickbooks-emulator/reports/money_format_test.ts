import assert from "node:assert/strict";
import fc from "fast-check";
import { formatCents } from "../../../../adapters/quickbooks-emulator/reports/money_format.ts";
import { decimalToCents } from "../../../../domain/shared/money.ts";

Deno.test("formatCents writes two decimals with a leading minus and no separators", () => {
  assert.equal(formatCents(0), "0.00");
  assert.equal(formatCents(5), "0.05");
  assert.equal(formatCents(-5), "-0.05");
  assert.equal(formatCents(123_450), "1234.50");
  assert.equal(formatCents(-100_000_000), "-1000000.00");
});

Deno.test("formatCents round-trips through decimalToCents", () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), (cents) => {
      assert.equal(decimalToCents(formatCents(cents)), cents);
    }),
  );
});

Deno.test("formatCents rejects fractional cents", () => {
  assert.throws(() => formatCents(1.5), RangeError);
});
