import assert from "node:assert/strict";
import fc from "fast-check";
import { prorateCents, splitCents } from "../../../domain/billing/proration.ts";

Deno.test("prorateCents: $1,500 rent, move-in on the 17th of a 30-day month is 14 days = $700.00", () => {
  assert.equal(prorateCents(150_000, 14, 30), 70_000);
});

Deno.test("prorateCents: rounds down to the cent (never overcharges)", () => {
  // $1,234.56 * 10 / 31 = 398.2451... -> $398.24
  assert.equal(prorateCents(123_456, 10, 31), 39_824);
  assert.equal(prorateCents(123_456, 31, 31), 123_456);
  assert.equal(prorateCents(123_456, 0, 31), 0);
});

Deno.test("prorateCents: rejects occupied days outside the month", () => {
  assert.throws(() => prorateCents(100, 32, 31), RangeError);
  assert.throws(() => prorateCents(100, -1, 31), RangeError);
});

Deno.test("splitCents: the remainder cent goes to the last piece", () => {
  assert.deepEqual(splitCents(100, [1, 1, 1]), [33, 33, 34]);
  assert.deepEqual(splitCents(150_000, [14, 16]), [70_000, 80_000]);
  assert.deepEqual(splitCents(100_001, [16, 14]), [53_333, 46_668]);
});

Deno.test("splitCents: rejects empty, negative and all-zero weights", () => {
  assert.throws(() => splitCents(100, []), RangeError);
  assert.throws(() => splitCents(100, [1, -1]), RangeError);
  assert.throws(() => splitCents(100, [0, 0]), RangeError);
  assert.throws(() => splitCents(1.5, [1]), RangeError);
});

Deno.test("splitCents: pieces always sum to the whole and differ from the exact share by under a cent", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10_000_000_00 }),
      fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 12 }).filter((w) =>
        w.some((x) => x > 0)
      ),
      (total, weights) => {
        const pieces = splitCents(total, weights);
        assert.equal(pieces.reduce((a, b) => a + b, 0), total);
        const weightSum = weights.reduce((a, b) => a + b, 0);
        for (let i = 0; i < pieces.length - 1; i++) {
          const exact = (total * weights[i]) / weightSum;
          assert.ok(pieces[i] <= exact && exact - pieces[i] < 1);
        }
      },
    ),
  );
});

Deno.test("prorateCents: occupied and vacant parts of a month sum to the monthly rent", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100_000_00 }), fc.integer({ min: 28, max: 31 }), (rent, dim) => {
      for (let occupied = 0; occupied <= dim; occupied++) {
        assert.equal(
          splitCents(rent, [occupied, dim - occupied].map((d) => d)).reduce((a, b) => a + b),
          rent,
        );
        assert.ok(prorateCents(rent, occupied, dim) <= rent);
      }
    }),
  );
});
