import assert from "node:assert/strict";
import { ReportError } from "../../../../adapters/quickbooks-emulator/reports/report_error.ts";
import { resolveReportPeriod } from "../../../../adapters/quickbooks-emulator/reports/report_period.ts";

const NOW = new Date("2026-05-20T18:00:00Z"); // a Wednesday

function window(params: Record<string, string>, now = NOW): [string, string, string | undefined] {
  const p = resolveReportPeriod(params, now, "This Month-to-date");
  return [p.start, p.end, p.dateMacro];
}

Deno.test("resolveReportPeriod resolves the required date macros from the clock", () => {
  assert.deepEqual(window({ date_macro: "This Month" }), ["2026-05-01", "2026-05-31", "this month"]);
  assert.deepEqual(window({ date_macro: "This Fiscal Year-to-date" }), [
    "2026-01-01",
    "2026-05-20",
    "this fiscal year-to-date",
  ]);
  assert.deepEqual(window({ date_macro: "Last Month" }), ["2026-04-01", "2026-04-30", "last month"]);
  assert.deepEqual(window({ date_macro: "This Year" }), ["2026-01-01", "2026-12-31", "this year"]);
});

Deno.test("resolveReportPeriod resolves other common macros", () => {
  assert.deepEqual(window({ date_macro: "today" }).slice(0, 2), ["2026-05-20", "2026-05-20"]);
  assert.deepEqual(window({ date_macro: "Yesterday" }).slice(0, 2), ["2026-05-19", "2026-05-19"]);
  assert.deepEqual(window({ date_macro: "This Week" }).slice(0, 2), ["2026-05-17", "2026-05-23"]);
  assert.deepEqual(window({ date_macro: "Last Week" }).slice(0, 2), ["2026-05-10", "2026-05-16"]);
  assert.deepEqual(window({ date_macro: "This Quarter" }).slice(0, 2), ["2026-04-01", "2026-06-30"]);
  assert.deepEqual(window({ date_macro: "Last Quarter" }).slice(0, 2), ["2026-01-01", "2026-03-31"]);
  assert.deepEqual(window({ date_macro: "Last Year" }).slice(0, 2), ["2025-01-01", "2025-12-31"]);
  assert.deepEqual(window({ date_macro: "This Calendar Year-to-date" }).slice(0, 2), [
    "2026-01-01",
    "2026-05-20",
  ]);
});

Deno.test("resolveReportPeriod Last Month from January is December of the previous year", () => {
  assert.deepEqual(window({ date_macro: "Last Month" }, new Date("2026-01-31T00:00:00Z")).slice(0, 2), [
    "2025-12-01",
    "2025-12-31",
  ]);
  assert.deepEqual(window({ date_macro: "Last Month" }, new Date("2026-03-31T00:00:00Z")).slice(0, 2), [
    "2026-02-01",
    "2026-02-28",
  ]);
});

Deno.test("resolveReportPeriod prefers explicit dates and fills a missing one", () => {
  assert.deepEqual(window({ start_date: "2026-02-01", end_date: "2026-02-10", date_macro: "This Year" }), [
    "2026-02-01",
    "2026-02-10",
    undefined,
  ]);
  assert.deepEqual(window({ end_date: "2026-03-15" }), ["2026-01-01", "2026-03-15", undefined]);
  assert.deepEqual(window({ start_date: "2026-03-15" }), ["2026-03-15", "2026-05-20", undefined]);
  assert.deepEqual(window({ start_date: "2026-05-20", end_date: "2026-05-20" }).slice(0, 2), [
    "2026-05-20",
    "2026-05-20",
  ]);
});

Deno.test("resolveReportPeriod uses the default macro without parameters", () => {
  assert.deepEqual(window({}), ["2026-05-01", "2026-05-20", "this month-to-date"]);
});

Deno.test("resolveReportPeriod rejects bad dates with 2070 and unknown macros with 2170", () => {
  const code = (params: Record<string, string>) => {
    try {
      resolveReportPeriod(params, NOW, "Today");
    } catch (e) {
      if (e instanceof ReportError) return [e.code, e.message, e.detail];
      throw e;
    }
    return undefined;
  };
  assert.deepEqual(code({ start_date: "2026-13-01" }), [
    "2070",
    "Invalid Date",
    "start_date is not a valid date: 2026-13-01",
  ]);
  assert.deepEqual(code({ end_date: "05/20/2026" }), [
    "2070",
    "Invalid Date",
    "end_date is not a valid date: 05/20/2026",
  ]);
  assert.deepEqual(code({ start_date: "2026-03-02", end_date: "2026-03-01" }), [
    "2070",
    "Invalid Date",
    "start_date 2026-03-02 is after end_date 2026-03-01",
  ]);
  assert.deepEqual(code({ date_macro: "Next Decade" }), [
    "2170",
    "Invalid Enumeration",
    "Unsupported date_macro: Next Decade",
  ]);
});
