import assert from "node:assert/strict";
import {
  addDays,
  formatQboDate,
  formatQboResponseTime,
  formatQboTimestamp,
} from "../../../../adapters/quickbooks-emulator/accounting/qbo_time.ts";

Deno.test("formatQboTimestamp: company offset, whole seconds", () => {
  const instant = new Date("2020-09-29T12:58:16.187Z");
  assert.equal(formatQboTimestamp(instant, -420), "2020-09-29T05:58:16-07:00");
  assert.equal(formatQboTimestamp(instant, 330), "2020-09-29T18:28:16+05:30");
  assert.equal(formatQboResponseTime(instant, -420), "2020-09-29T05:58:16.187-07:00");
});

Deno.test("formatQboDate: the local date can differ from the UTC date", () => {
  assert.equal(formatQboDate(new Date("2026-03-01T03:00:00Z"), -420), "2026-02-28");
  assert.equal(addDays("2026-02-28", 30), "2026-03-30");
});
