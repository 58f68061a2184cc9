import assert from "node:assert/strict";
import fc from "fast-check";
import type { Posting } from "../../../../adapters/quickbooks-emulator/contracts.ts";
import { buildBalanceSheet } from "../../../../adapters/quickbooks-emulator/reports/balance_sheet.ts";
import { decimalToCents } from "../../../../domain/shared/money.ts";
import {
  accounts,
  cellsByLabel,
  columnTitles,
  rentalLedger,
  sectionsByGroup,
} from "./rental_ledger_fixture.ts";

const AS_OF_FEB = { start_date: "2026-01-01", end_date: "2026-02-28" };

Deno.test("buildBalanceSheet as of 2026-02-28 gives the hand-computed balances", () => {
  const cells = cellsByLabel(buildBalanceSheet(AS_OF_FEB, rentalLedger()));
  const expected: [string, string][] = [
    // 10,000 + 1,500 - 200 + 1,500 + 50,000 - 87.25 + 12.34 + 2,000 - 15.00
    ["Checking", "64710.09"],
    ["Total Bank Accounts", "64710.09"],
    ["Accounts Receivable (A/R)", "3749.99"], // 1,500 + 1,200 - 1,500 + 50 + 1,500 + 999.99
    ["Total Accounts Receivable", "3749.99"],
    ["Total Current Assets", "68460.08"],
    ["TOTAL ASSETS", "68460.08"],
    ["Accounts Payable (A/P)", "325.50"],
    ["Tenant Security Deposits", "2000.00"],
    ["Total Current Liabilities", "2325.50"],
    ["Mortgage Loan", "50000.00"],
    ["Total Long-Term Liabilities", "50000.00"],
    ["Total Liabilities", "52325.50"],
    ["Opening Balance Equity", "10000.00"],
    ["Retained Earnings", "1300.00"], // 2025: 1,500 rent - 200 repairs
    ["Net Income", "4834.58"], // the fiscal year to date, as on the P&L
    ["Total Equity", "16134.58"],
    ["TOTAL LIABILITIES AND EQUITY", "68460.08"],
  ];
  for (const [label, value] of expected) assert.deepEqual(cells.get(label), [value], label);
  assert.equal(cells.has("Undeposited Funds"), false, "zero-balance accounts are not listed");
  assert.equal(cells.has("Rental Income"), false);
});

Deno.test("buildBalanceSheet nests sections under TotalAssets and TotalLiabilitiesAndEquity", () => {
  const report = buildBalanceSheet(AS_OF_FEB, rentalLedger());
  const top = (report.Rows as { Row: { group: string; Header: { ColData: { value: string }[] } }[] }).Row;
  assert.deepEqual(top.map((r) => [r.group, r.Header.ColData[0].value]), [
    ["TotalAssets", "ASSETS"],
    ["TotalLiabilitiesAndEquity", "LIABILITIES AND EQUITY"],
  ]);
  const groups = [...sectionsByGroup(report).keys()];
  assert.deepEqual(groups, [
    "TotalAssets",
    "CurrentAssets",
    "BankAccounts",
    "AR",
    "TotalLiabilitiesAndEquity",
    "Liabilities",
    "CurrentLiabilities",
    "AP",
    "OtherCurrentLiabilities",
    "LongTermLiabilities",
    "Equity",
  ]);
  const equityRows = (sectionsByGroup(report).get("Equity")!.Rows as { Row: { ColData: unknown[] }[] }).Row;
  assert.deepEqual(equityRows.at(-1), {
    ColData: [{ value: "Net Income" }, { value: "4834.58" }],
    type: "Data",
  });
});

Deno.test("buildBalanceSheet by Month shows balances at each month end, each balancing", () => {
  const report = buildBalanceSheet({ ...AS_OF_FEB, summarize_column_by: "Month" }, rentalLedger());
  assert.deepEqual(columnTitles(report), ["", "Jan 2026", "Feb 2026", "Total"]);
  const cells = cellsByLabel(report);
  assert.deepEqual(cells.get("Checking"), ["62800.00", "64710.09", "64710.09"]);
  assert.deepEqual(cells.get("Accounts Receivable (A/R)"), ["1250.00", "3749.99", "3749.99"]);
  assert.deepEqual(cells.get("Net Income"), ["2424.50", "4834.58", "4834.58"]);
  assert.deepEqual(cells.get("TOTAL ASSETS"), ["64050.00", "68460.08", "68460.08"]);
  assert.deepEqual(cells.get("TOTAL ASSETS"), cells.get("TOTAL LIABILITIES AND EQUITY"));
});

Deno.test("buildBalanceSheet rolls last year's result into Retained Earnings in a new fiscal year", () => {
  const cells = cellsByLabel(buildBalanceSheet({ end_date: "2025-12-31" }, rentalLedger()));
  assert.deepEqual(cells.get("Net Income"), ["1300.00"]);
  assert.equal(cells.has("Retained Earnings"), false);
  const next = cellsByLabel(buildBalanceSheet({ end_date: "2026-01-01" }, rentalLedger()));
  assert.deepEqual(next.get("Retained Earnings"), ["1300.00"]);
  assert.deepEqual(next.get("Net Income"), ["2700.00"]);
});

Deno.test("buildBalanceSheet synthesizes a Retained Earnings row when the company has no such account", () => {
  const withoutRe = accounts.filter((a) => a.accountSubType !== "RetainedEarnings");
  const report = buildBalanceSheet(AS_OF_FEB, rentalLedger({ accounts: withoutRe }));
  const equityRows =
    (sectionsByGroup(report).get("Equity")!.Rows as { Row: { ColData: { value: string; id?: string }[] }[] })
      .Row;
  assert.deepEqual(equityRows.map((r) => r.ColData[0]), [
    { value: "Opening Balance Equity", id: "6" },
    { value: "Retained Earnings" },
    { value: "Net Income" },
  ]);
  const cells = cellsByLabel(report);
  assert.deepEqual(cells.get("TOTAL ASSETS"), cells.get("TOTAL LIABILITIES AND EQUITY"));
});

Deno.test("buildBalanceSheet by Classes: class columns add up to the total", () => {
  const report = buildBalanceSheet({ ...AS_OF_FEB, summarize_column_by: "Classes" }, rentalLedger());
  assert.deepEqual(columnTitles(report), ["", "Elm Street", "Oak Avenue", "Not Specified", "TOTAL"]);
  const cells = cellsByLabel(report);
  for (const [label, values] of cells) {
    const parts = values.slice(0, -1).reduce((s, v) => s + decimalToCents(v), 0);
    assert.equal(parts, decimalToCents(values.at(-1)!), label);
  }
  // Elm Street's income (2025 and 2026) carries no balance-sheet side with a class.
  assert.deepEqual(cells.get("Net Income"), ["3000.00", "924.50", "910.08", "4834.58"]);
  assert.deepEqual(cells.get("Retained Earnings"), ["1300.00", "0.00", "0.00", "1300.00"]);
});

Deno.test("buildBalanceSheet balances for any balanced ledger", () => {
  const accountIds = accounts.map((a) => a.id);
  const transaction = fc.record({
    date: fc.integer({ min: 0, max: 800 }).map((d) =>
      new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)
    ),
    debit: fc.constantFrom(...accountIds),
    credit: fc.constantFrom(...accountIds),
    cents: fc.integer({ min: 1, max: 1_000_000_00 }),
  });
  fc.assert(
    fc.property(
      fc.array(transaction, { maxLength: 40 }),
      fc.constantFrom("Total", "Month", "Year"),
      (txns, by) => {
        const ledger: Posting[] = txns.flatMap((t, i) => [
          {
            txnType: "JournalEntry",
            txnId: String(i),
            txnDate: t.date,
            accountId: t.debit,
            amountCents: t.cents,
          },
          {
            txnType: "JournalEntry",
            txnId: String(i),
            txnDate: t.date,
            accountId: t.credit,
            amountCents: -t.cents,
          },
        ]);
        const report = buildBalanceSheet(
          { start_date: "2025-06-01", end_date: "2026-12-31", summarize_column_by: by },
          rentalLedger({ postings: ledger }),
        );
        const cells = cellsByLabel(report);
        const assets = cells.get("TOTAL ASSETS")!;
        const sources = cells.get("TOTAL LIABILITIES AND EQUITY")!;
        if (ledger.length > 0) assert.deepEqual(assets, sources);
      },
    ),
    { numRuns: 100 },
  );
});

Deno.test("buildBalanceSheet with an empty ledger reports NoReportData and blank totals", () => {
  const report = buildBalanceSheet({ end_date: "2026-02-28" }, rentalLedger({ postings: [] }));
  const header = report.Header as { Option: { Name: string; Value: string }[]; StartPeriod: string };
  assert.deepEqual(header.Option.at(-1), { Name: "NoReportData", Value: "true" });
  assert.equal(header.StartPeriod, "2026-01-01");
  assert.deepEqual(cellsByLabel(report).get("TOTAL ASSETS"), [""]);
});

Deno.test("buildBalanceSheet defaults to this calendar year-to-date", () => {
  const header = buildBalanceSheet({}, rentalLedger()).Header as Record<string, unknown>;
  assert.deepEqual([header.DateMacro, header.StartPeriod, header.EndPeriod], [
    "this calendar year-to-date",
    "2026-01-01",
    "2026-03-31",
  ]);
});
