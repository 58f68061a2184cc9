import type { AccountInfo, Posting } from "../contracts.ts";
import {
  type BalanceSheetGroup,
  balanceSheetGroup,
  byAccountName,
  isCreditNormal,
  isProfitAndLossAccount,
} from "./account_groups.ts";
import { type MoneyColumn, parseSummarizeBy, planColumns } from "./report_columns.ts";
import { parsePostingFilter } from "./report_filters.ts";
import { accountColumns, reportHeader } from "./report_header.ts";
import type { ReportInput, ReportParams } from "./report_input.ts";
import { fiscalYearStart, resolveReportPeriod } from "./report_period.ts";
import { addColumns, dataRow, type ReportRow, sectionRow, sumColumns } from "./report_rows.ts";

/**
 * BalanceSheet as of each column's end date. Assets are shown debit-positive, liabilities and
 * equity credit-positive. Income and expense never appear as accounts: the current fiscal year's
 * result is the "Net Income" row of Equity, and earlier years are added to the Retained Earnings
 * account (subtype RetainedEarnings, or a synthesized "Retained Earnings" row), which is what makes
 * TOTAL ASSETS equal TOTAL LIABILITIES AND EQUITY for a balanced ledger.
 * Default period (as in the recorded QBO sample): this calendar year-to-date.
 */
export function buildBalanceSheet(params: ReportParams, input: ReportInput): Record<string, unknown> {
  const period = resolveReportPeriod(params, input.now, "This Calendar Year-to-date");
  const summarizeBy = parseSummarizeBy(params.summarize_column_by);
  const filter = parsePostingFilter(params, false);
  const accounts = new Map(input.accounts.map((a) => [a.id, a]));

  const relevant = input.postings.filter((p) =>
    accounts.has(p.accountId) && p.txnDate <= period.end && filter.accepts(p)
  );
  const columns = planColumns(summarizeBy, period, input, relevant);
  const width = columns.length;
  const retainedEarnings = input.accounts.find((a) => a.accountSubType.toLowerCase() === "retainedearnings");
  const { balances, netIncome, priorEarnings } = accumulate(relevant, columns, accounts);
  if (retainedEarnings) {
    balances.set(
      retainedEarnings.id,
      addColumns(balances.get(retainedEarnings.id) ?? zeros(width), priorEarnings),
    );
  }
  const noReportData = relevant.length === 0;

  const group = (name: BalanceSheetGroup) => {
    const members = [...balances.keys()].map((id) => accounts.get(id)!)
      .filter((a) => balanceSheetGroup(a) === name && balances.get(a.id)!.some((c) => c !== 0))
      .sort(byAccountName);
    return {
      rows: members.map((a): ReportRow => dataRow(a.name, a.id, balances.get(a.id)!)),
      totals: sumColumns(width, members.map((a) => balances.get(a.id)!)),
    };
  };
  const nonEmpty = (parts: { rows: ReportRow[]; totals: number[] }[]) => parts.some((p) => p.rows.length > 0);
  const sub = (groupName: BalanceSheetGroup, title: string, part: { rows: ReportRow[]; totals: number[] }) =>
    part.rows.length > 0
      ? [sectionRow({ group: groupName, title, summaryTitle: `Total ${title}`, ...part })]
      : [];

  const bank = group("BankAccounts");
  const ar = group("AR");
  const otherCurrentAssets = group("OtherCurrentAssets");
  const fixedAssets = group("FixedAssets");
  const otherAssets = group("OtherAssets");
  const currentAssets = {
    rows: [
      ...sub("BankAccounts", "Bank Accounts", bank),
      ...sub("AR", "Accounts Receivable", ar),
      ...sub("OtherCurrentAssets", "Other Current Assets", otherCurrentAssets),
    ],
    totals: sumColumns(width, [bank.totals, ar.totals, otherCurrentAssets.totals]),
  };
  const assetRows = [
    ...(nonEmpty([bank, ar, otherCurrentAssets])
      ? [
        sectionRow({
          group: "CurrentAssets",
          title: "Current Assets",
          summaryTitle: "Total Current Assets",
          ...currentAssets,
        }),
      ]
      : []),
    ...sub("FixedAssets", "Fixed Assets", fixedAssets),
    ...sub("OtherAssets", "Other Assets", otherAssets),
  ];
  const totalAssets = sumColumns(width, [currentAssets.totals, fixedAssets.totals, otherAssets.totals]);

  const ap = group("AP");
  const creditCards = group("CreditCards");
  const otherCurrentLiabilities = group("OtherCurrentLiabilities");
  const longTerm = group("LongTermLiabilities");
  const currentLiabilities = {
    rows: [
      ...sub("AP", "Accounts Payable", ap),
      ...sub("CreditCards", "Credit Cards", creditCards),
      ...sub("OtherCurrentLiabilities", "Other Current Liabilities", otherCurrentLiabilities),
    ],
    totals: sumColumns(width, [ap.totals, creditCards.totals, otherCurrentLiabilities.totals]),
  };
  const liabilityRows = [
    ...(nonEmpty([ap, creditCards, otherCurrentLiabilities])
      ? [
        sectionRow({
          group: "CurrentLiabilities",
          title: "Current Liabilities",
          summaryTitle: "Total Current Liabilities",
          ...currentLiabilities,
        }),
      ]
      : []),
    ...sub("LongTermLiabilities", "Long-Term Liabilities", longTerm),
  ];
  const totalLiabilities = addColumns(currentLiabilities.totals, longTerm.totals);

  const equity = group("Equity");
  const equityRows: ReportRow[] = [...equity.rows];
  if (!retainedEarnings && priorEarnings.some((c) => c !== 0)) {
    equityRows.push(dataRow("Retained Earnings", undefined, priorEarnings));
  }
  equityRows.push(dataRow("Net Income", undefined, netIncome));
  const totalEquity = sumColumns(width, [
    equity.totals,
    retainedEarnings ? zeros(width) : priorEarnings,
    netIncome,
  ]);

  const blank = noReportData;
  const rows: ReportRow[] = [
    sectionRow({
      group: "TotalAssets",
      title: "ASSETS",
      summaryTitle: "TOTAL ASSETS",
      rows: assetRows,
      totals: totalAssets,
      blank,
    }),
    sectionRow({
      group: "TotalLiabilitiesAndEquity",
      title: "LIABILITIES AND EQUITY",
      summaryTitle: "TOTAL LIABILITIES AND EQUITY",
      rows: [
        sectionRow({
          group: "Liabilities",
          title: "Liabilities",
          summaryTitle: "Total Liabilities",
          rows: liabilityRows,
          totals: totalLiabilities,
          blank: blank || liabilityRows.length === 0,
        }),
        sectionRow({
          group: "Equity",
          title: "Equity",
          summaryTitle: "Total Equity",
          rows: blank ? [] : equityRows,
          totals: totalEquity,
          blank,
        }),
      ],
      totals: addColumns(totalLiabilities, totalEquity),
      blank,
    }),
  ];

  return {
    Header: reportHeader({
      reportName: "BalanceSheet",
      now: input.now,
      dateMacro: period.dateMacro,
      reportBasis: filter.method,
      startPeriod: period.start,
      endPeriod: period.end,
      summarizeColumnsBy: summarizeBy,
      filters: filter.echo,
      noReportData,
    }),
    Columns: accountColumns(columns),
    Rows: { Row: rows },
  };
}

function zeros(width: number): number[] {
  return new Array(width).fill(0);
}

/**
 * One pass over the ledger: balance-sheet account balances as of each column's end, this fiscal
 * year's net income and earlier years' earnings (both credit-positive) per column.
 */
function accumulate(
  postings: readonly Posting[],
  columns: readonly MoneyColumn[],
  accounts: ReadonlyMap<string, AccountInfo>,
): { balances: Map<string, number[]>; netIncome: number[]; priorEarnings: number[] } {
  const width = columns.length;
  const balances = new Map<string, number[]>();
  const netIncome = zeros(width);
  const priorEarnings = zeros(width);
  const yearStarts = columns.map((c) => fiscalYearStart(c.end));
  for (const p of postings) {
    const account = accounts.get(p.accountId)!;
    const profitAndLoss = isProfitAndLossAccount(account);
    const signed = isCreditNormal(account) || profitAndLoss ? -p.amountCents : p.amountCents;
    let cells: number[] | undefined;
    if (!profitAndLoss) {
      cells = balances.get(p.accountId);
      if (!cells) balances.set(p.accountId, cells = zeros(width));
    }
    columns.forEach((c, i) => {
      if (p.txnDate > c.end || !c.includes(p)) return;
      if (cells) cells[i] += signed;
      else if (p.txnDate >= yearStarts[i]) netIncome[i] += signed;
      else priorEarnings[i] += signed;
    });
  }
  return { balances, netIncome, priorEarnings };
}
