import assert from "node:assert/strict";
import type { OpenReceivable } from "../../../../adapters/quickbooks-emulator/contracts.ts";
import { buildAgedReceivables } from "../../../../adapters/quickbooks-emulator/reports/aged_receivables.ts";
import { ReportError } from "../../../../adapters/quickbooks-emulator/reports/report_error.ts";
import { cellsByLabel, columnTitles, rentalLedger } from "./rental_ledger_fixture.ts";

Deno.test("buildAgedReceivables buckets open documents by days past due at the report date", () => {
  const report = buildAgedReceivables({ report_date: "2026-03-31" }, rentalLedger());
  assert.deepEqual(columnTitles(report), [
    "",
    "Current",
    "1 - 30",
    "31 - 60",
    "61 - 90",
    "91 and over",
    "Total",
  ]);
  const cells = cellsByLabel(report);
  // Alice: T10 due 03-03 is 28 days late; T-old due 2025-10-31 is 151 days late; T-future is after the report date.
  assert.deepEqual(cells.get("Alice Tenant"), ["0.00", "1500.00", "0.00", "0.00", "100.00", "1600.00"]);
  // Bob: T15 not yet due; T5 due 01-31 is 59 days late; T7 due 01-20 is 70 days late.
  assert.deepEqual(cells.get("Bob Tenant"), ["1200.00", "0.00", "1200.00", "50.00", "0.00", "2450.00"]);
  // Carol: T11 due on the report date is current; an unapplied payment reduces it.
  assert.deepEqual(cells.get("Carol Tenant"), ["949.99", "0.00", "0.00", "0.00", "0.00", "949.99"]);
  assert.deepEqual(cells.get("TOTAL"), ["2149.99", "1500.00", "1200.00", "50.00", "100.00", "4999.99"]);
});

Deno.test("buildAgedReceivables rows carry the customer id and end with a GrandTotal section", () => {
  const rows = (buildAgedReceivables({ report_date: "2026-03-31" }, rentalLedger()).Rows as {
    Row: Record<string, unknown>[];
  }).Row;
  assert.deepEqual((rows[0].ColData as unknown[])[0], { value: "Alice Tenant", id: "11" });
  assert.equal(rows.at(-1)!.group, "GrandTotal");
  assert.equal(rows.at(-1)!.type, "Section");
});

Deno.test("buildAgedReceivables bucket boundaries: 0 current, 30, 31, 60, 61, 90, 91", () => {
  const doc = (txnId: string, dueDate: string): OpenReceivable => ({
    customerId: "1",
    customerName: "Boundary",
    txnType: "Invoice",
    txnId,
    txnDate: "2025-01-01",
    dueDate,
    balanceCents: 100,
  });
  const report = buildAgedReceivables(
    { report_date: "2026-04-30" },
    rentalLedger({
      openReceivables: [
        doc("d0", "2026-04-30"),
        doc("d30", "2026-03-31"),
        doc("d31", "2026-03-30"),
        doc("d60", "2026-03-01"),
        doc("d61", "2026-02-28"),
        doc("d90", "2026-01-30"),
        doc("d91", "2026-01-29"),
      ],
    }),
  );
  assert.deepEqual(cellsByLabel(report).get("Boundary"), ["1.00", "1.00", "2.00", "2.00", "1.00", "7.00"]);
});

Deno.test("buildAgedReceivables defaults the report date to today on the clock", () => {
  const report = buildAgedReceivables({}, rentalLedger({ now: new Date("2026-02-15T23:59:00Z") }));
  const header = report.Header as Record<string, unknown>;
  assert.equal(header.EndPeriod, "2026-02-15");
  // Only documents dated on or before Feb 15 count: 1,200 + 50 + 1,500 + 999.99 + 100.
  assert.deepEqual(cellsByLabel(report).get("TOTAL")!.at(-1), "3849.99");
});

Deno.test("buildAgedReceivables filters by customer", () => {
  const cells = cellsByLabel(
    buildAgedReceivables({ report_date: "2026-03-31", customer: "12" }, rentalLedger()),
  );
  assert.deepEqual([...cells.keys()], ["Bob Tenant", "TOTAL"]);
});

Deno.test("buildAgedReceivables aging_method=Current ages against today", () => {
  const report = buildAgedReceivables(
    { report_date: "2026-02-28", aging_method: "Current" },
    rentalLedger({ now: new Date("2026-03-31T12:00:00Z") }),
  );
  // Bob's T5 (due 01-31) is 59 days late today, though only 28 at the report date.
  assert.deepEqual(cellsByLabel(report).get("Bob Tenant"), [
    "0.00",
    "0.00",
    "1200.00",
    "50.00",
    "0.00",
    "1250.00",
  ]);
});

Deno.test("buildAgedReceivables rejects a bad report_date and aging_method", () => {
  assert.throws(
    () => buildAgedReceivables({ report_date: "2026-02-30" }, rentalLedger()),
    (e: unknown) =>
      e instanceof ReportError && e.code === "2070" &&
      e.detail === "report_date is not a valid date: 2026-02-30",
  );
  assert.throws(
    () => buildAgedReceivables({ aging_method: "Sideways" }, rentalLedger()),
    (e: unknown) => e instanceof ReportError && e.code === "2170",
  );
});

Deno.test("buildAgedReceivables with nothing open reports NoReportData", () => {
  const report = buildAgedReceivables({ report_date: "2026-03-31" }, rentalLedger({ openReceivables: [] }));
  const header = report.Header as { Option: { Name: string; Value: string }[] };
  assert.deepEqual(header.Option, [{ Name: "report_date", Value: "2026-03-31" }, {
    Name: "NoReportData",
    Value: "true",
  }]);
  assert.deepEqual(cellsByLabel(report).get("TOTAL"), ["", "", "", "", "", ""]);
});
