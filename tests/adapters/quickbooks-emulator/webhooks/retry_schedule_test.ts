import assert from "node:assert/strict";
import { retryDelayMs } from "../../../../adapters/quickbooks-emulator/webhooks/retry_schedule.ts";

Deno.test("retryDelayMs: 0 s, 10 s, 20 s, 30 s, 5 m, 20 m, 2 h, 4 h, 6 h, then every 6 h", () => {
  const s = 1000, m = 60 * s, h = 60 * m;
  assert.deepEqual(
    Array.from({ length: 12 }, (_, i) => retryDelayMs(i + 1)),
    [0, 10 * s, 20 * s, 30 * s, 5 * m, 20 * m, 2 * h, 4 * h, 6 * h, 6 * h, 6 * h, 6 * h],
  );
  assert.throws(() => retryDelayMs(0), RangeError);
});
