import assert from "node:assert/strict";
import fc from "fast-check";
import { buildProfitAndLoss } from "../../../../adapters/quickbooks-emulator/reports/profit_and_loss.ts";
import { decimalToCents } from "../../../../domain/shared/money.ts";
import { cellsByLabel, columnTitles, rentalLedger, sectionsByGroup } from "./rental_ledger_fixture.ts";

const JAN_FEB = { start_date: "2026-01-01", end_date: "2026-02-28" };

Deno.test("buildProfitAndLoss by Total gives the hand-computed figures for Jan-Feb 2026", () => {
  const report = buildProfitAndLoss(JAN_FEB, rentalLedger());
  const cells = cellsByLabel(report);
  const expected: [string, string][] = [
    ["Late Fee Income", "50.00"],
    ["Rental Income", "5199.99"], // 1500 + 1200 + 1500 + 999.99; March rent excluded
    ["Total Income", "5249.99"],
    ["Gross Profit", "5249.99"],
    ["Repairs & Maintenance", "325.50"],
    ["Utilities", "87.25"],
    ["Total Expenses", "412.75"],
    ["Net Operating Income", "4837.24"],
    ["Interest Earned", "12.34"],
    ["Total Other Income", "12.34"],
    ["Bank Charges", "15.00"],
    ["Total Other Expenses", "15.00"],
    ["Net Other Income", "-2.66"],
    ["Net Income", "4834.58"],
  ];
  for (const [label, value] of expected) assert.deepEqual(cells.get(label), [value], label);
  assert.equal(cells.has("Checking"), false);
  assert.equal(cells.has("Accounts Receivable (A/R)"), false);
});

Deno.test("buildProfitAndLoss orders sections as QBO does and omits COGS when empty", () => {
  const report = buildProfitAndLoss(JAN_FEB, rentalLedger());
  const groups = (report.Rows as { Row: { group: string }[] }).Row.map((r) => r.group);
  assert.deepEqual(groups, [
    "Income",
    "GrossProfit",
    "Expenses",
    "NetOperatingIncome",
    "OtherIncome",
    "OtherExpenses",
    "NetOtherIncome",
    "NetIncome",
  ]);
});

Deno.test("buildProfitAndLoss writes Data rows with the account id and Section headers", () => {
  const income = sectionsByGroup(buildProfitAndLoss(JAN_FEB, rentalLedger())).get("Income")!;
  assert.deepEqual(income.Header, { ColData: [{ value: "Income" }, { value: "" }] });
  assert.deepEqual((income.Rows as { Row: unknown[] }).Row, [
    { ColData: [{ value: "Late Fee Income", id: "11" }, { value: "50.00" }], type: "Data" },
    { ColData: [{ value: "Rental Income", id: "10" }, { value: "5199.99" }], type: "Data" },
  ]);
  assert.deepEqual(income.Summary, { ColData: [{ value: "Total Income" }, { value: "5249.99" }] });
  assert.equal(income.type, "Section");
});

Deno.test("buildProfitAndLoss by Month splits the period into month columns plus Total", () => {
  const report = buildProfitAndLoss({ ...JAN_FEB, summarize_column_by: "Month" }, rentalLedger());
  assert.deepEqual(columnTitles(report), ["", "Jan 2026", "Feb 2026", "Total"]);
  const jan = (report.Columns as { Column: { MetaData: unknown }[] }).Column[1].MetaData;
  assert.deepEqual(jan, [
    { Name: "StartDate", Value: "2026-01-01" },
    { Name: "EndDate", Value: "2026-01-31" },
    { Name: "ColKey", Value: "Jan 2026" },
  ]);
  const cells = cellsByLabel(report);
  assert.deepEqual(cells.get("Rental Income"), ["2700.00", "2499.99", "5199.99"]);
  assert.deepEqual(cells.get("Late Fee Income"), ["50.00", "0.00", "50.00"]);
  assert.deepEqual(cells.get("Total Expenses"), ["325.50", "87.25", "412.75"]);
  assert.deepEqual(cells.get("Net Other Income"), ["0.00", "-2.66", "-2.66"]);
  assert.deepEqual(cells.get("Net Income"), ["2424.50", "2410.08", "4834.58"]);
});

Deno.test("buildProfitAndLoss by Month clips partial months to the period", () => {
  const report = buildProfitAndLoss({
    start_date: "2026-01-15",
    end_date: "2026-02-10",
    summarize_column_by: "Month",
  }, rentalLedger());
  const columns = (report.Columns as { Column: { MetaData: { Name: string; Value: string }[] }[] }).Column;
  assert.deepEqual(columns[1].MetaData.slice(0, 2).map((m) => m.Value), ["2026-01-15", "2026-01-31"]);
  assert.deepEqual(columns[2].MetaData.slice(0, 2).map((m) => m.Value), ["2026-02-01", "2026-02-10"]);
  // Jan 15-31: late fee 50.00 - repairs 325.50; Feb 1-10: rent 2499.99 - utilities 87.25 + interest 12.34.
  assert.deepEqual(cellsByLabel(report).get("Net Income"), ["-275.50", "2425.08", "2149.58"]);
});

Deno.test("buildProfitAndLoss by Classes has a column per class, Not Specified and TOTAL", () => {
  const report = buildProfitAndLoss({ ...JAN_FEB, summarize_column_by: "Classes" }, rentalLedger());
  assert.deepEqual(columnTitles(report), ["", "Elm Street", "Oak Avenue", "Not Specified", "TOTAL"]);
  const cells = cellsByLabel(report);
  assert.deepEqual(cells.get("Rental Income"), ["3000.00", "1200.00", "999.99", "5199.99"]);
  assert.deepEqual(cells.get("Total Income"), ["3000.00", "1250.00", "999.99", "5249.99"]);
  assert.deepEqual(cells.get("Total Expenses"), ["0.00", "325.50", "87.25", "412.75"]);
  assert.deepEqual(cells.get("Net Income"), ["3000.00", "924.50", "910.08", "4834.58"]);
});

Deno.test("buildProfitAndLoss by Departments splits by location", () => {
  const report = buildProfitAndLoss({ ...JAN_FEB, summarize_column_by: "Departments" }, rentalLedger());
  assert.deepEqual(columnTitles(report), ["", "North", "South", "Not Specified", "TOTAL"]);
  assert.deepEqual(cellsByLabel(report).get("Net Income"), ["2912.75", "924.50", "997.33", "4834.58"]);
});

Deno.test("buildProfitAndLoss: every row's class columns add up to its Total", () => {
  for (const by of ["Classes", "Departments", "Month", "Customers"]) {
    const cells = cellsByLabel(buildProfitAndLoss({ ...JAN_FEB, summarize_column_by: by }, rentalLedger()));
    for (const [label, values] of cells) {
      const parts = values.slice(0, -1).reduce((s, v) => s + decimalToCents(v), 0);
      assert.equal(parts, decimalToCents(values[values.length - 1]), `${by}: ${label}`);
    }
  }
});

Deno.test("buildProfitAndLoss filters by class, department and customer and echoes the filter", () => {
  const byClass = buildProfitAndLoss({ ...JAN_FEB, class: "100" }, rentalLedger());
  assert.deepEqual(cellsByLabel(byClass).get("Net Income"), ["3000.00"]);
  assert.equal((byClass.Header as Record<string, unknown>).Class, "100");
  const byDepartments = buildProfitAndLoss({ ...JAN_FEB, department: "1,2" }, rentalLedger());
  assert.deepEqual(cellsByLabel(byDepartments).get("Net Income"), ["3837.25"]);
  const byCustomer = buildProfitAndLoss({ ...JAN_FEB, customer: "12" }, rentalLedger());
  assert.deepEqual(cellsByLabel(byCustomer).get("Net Income"), ["1250.00"]);
  assert.equal((byCustomer.Header as Record<string, unknown>).Customer, "12");
});

Deno.test("buildProfitAndLoss Cash basis drops invoices and bills (documented approximation)", () => {
  const report = buildProfitAndLoss({ ...JAN_FEB, accounting_method: "Cash" }, rentalLedger());
  assert.equal((report.Header as Record<string, unknown>).ReportBasis, "Cash");
  // Utilities -87.25 (expense), interest +12.34, bank charges -15.00.
  assert.deepEqual(cellsByLabel(report).get("Net Income"), ["-89.91"]);
});

Deno.test("buildProfitAndLoss header follows QBO's shape", () => {
  const report = buildProfitAndLoss(JAN_FEB, rentalLedger());
  assert.deepEqual(report.Header, {
    Time: "2026-03-31T15:00:00+00:00",
    ReportName: "ProfitAndLoss",
    ReportBasis: "Accrual",
    StartPeriod: "2026-01-01",
    EndPeriod: "2026-02-28",
    SummarizeColumnsBy: "Total",
    Currency: "USD",
    Option: [{ Name: "AccountingStandard", Value: "GAAP" }, { Name: "NoReportData", Value: "false" }],
  });
  assert.deepEqual(report.Columns, {
    Column: [
      { ColTitle: "", ColType: "Account", MetaData: [{ Name: "ColKey", Value: "account" }] },
      { ColTitle: "Total", ColType: "Money", MetaData: [{ Name: "ColKey", Value: "total" }] },
    ],
  });
});

Deno.test("buildProfitAndLoss with a date_macro echoes it and resolves it from the clock", () => {
  const report = buildProfitAndLoss({ date_macro: "Last Month" }, rentalLedger());
  const header = report.Header as Record<string, unknown>;
  assert.equal(header.DateMacro, "last month");
  assert.deepEqual([header.StartPeriod, header.EndPeriod], ["2026-02-01", "2026-02-28"]);
  assert.deepEqual(cellsByLabel(report).get("Net Income"), ["2410.08"]);
});

Deno.test("buildProfitAndLoss answers money strings with exactly two decimals", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 12 }), (amounts) => {
      const ledger = amounts.flatMap((cents, i) => [
        {
          txnType: "JournalEntry",
          txnId: `J${i}`,
          txnDate: "2026-01-10",
          accountId: "10",
          amountCents: -cents,
        },
        {
          txnType: "JournalEntry",
          txnId: `J${i}`,
          txnDate: "2026-01-10",
          accountId: "1",
          amountCents: cents,
        },
      ]);
      const report = buildProfitAndLoss(
        { start_date: "2026-01-01", end_date: "2026-01-31" },
        rentalLedger({ postings: ledger }),
      );
      const net = cellsByLabel(report).get("Net Income")!;
      const expected = amounts.reduce((s, c) => s + c, 0);
      if (amounts.length > 0) {
        assert.match(net[0], /^-?\d+\.\d{2}$/);
        assert.equal(decimalToCents(net[0]), expected);
      }
    }),
    { numRuns: 100 },
  );
});

Deno.test("buildProfitAndLoss with no postings in range matches the recorded empty report", () => {
  const report = buildProfitAndLoss(
    { start_date: "2015-01-01", end_date: "2015-07-31", customer: "1", summarize_column_by: "Customers" },
    rentalLedger(),
  );
  const recorded = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "../../../../../shared/fixtures/quickbooks-recorded/reports__profit_and_loss__0.json",
        import.meta.url,
      ),
    ),
  ).response;
  const { Time: _t1, ...header } = report.Header as Record<string, unknown>;
  const { Time: _t2, ...recordedHeader } = recorded.Header;
  assert.deepEqual(header, recordedHeader);
  assert.deepEqual(report.Columns, recorded.Columns);
  // Same rows with the same key order as the recording.
  assert.equal(JSON.stringify(report.Rows), JSON.stringify(recorded.Rows));
});
