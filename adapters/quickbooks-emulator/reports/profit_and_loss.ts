import type { AccountInfo, Posting } from "../contracts.ts";
import {
  byAccountName,
  isCreditNormal,
  type ProfitAndLossGroup,
  profitAndLossGroup,
} from "./account_groups.ts";
import { type MoneyColumn, parseSummarizeBy, planColumns } from "./report_columns.ts";
import { parsePostingFilter } from "./report_filters.ts";
import { accountColumns, reportHeader } from "./report_header.ts";
import type { ReportInput, ReportParams } from "./report_input.ts";
import { resolveReportPeriod } from "./report_period.ts";
import {
  addColumns,
  dataRow,
  type ReportRow,
  sectionRow,
  subtractColumns,
  sumColumns,
} from "./report_rows.ts";

/**
 * ProfitAndLoss: income and expense accounts over the period, income shown positive when credited
 * and expenses positive when debited. Sections Income, [COGS], GrossProfit, Expenses,
 * NetOperatingIncome, [OtherIncome, OtherExpenses, NetOtherIncome], NetIncome; the bracketed ones
 * appear only when they have accounts with amounts. Rows list accounts with a non-zero amount in
 * some column. Default period (unverified against QBO): this fiscal year-to-date.
 */
export function buildProfitAndLoss(params: ReportParams, input: ReportInput): Record<string, unknown> {
  const period = resolveReportPeriod(params, input.now, "This Fiscal Year-to-date");
  const summarizeBy = parseSummarizeBy(params.summarize_column_by);
  const filter = parsePostingFilter(params, true);
  const accounts = new Map(input.accounts.map((a) => [a.id, a]));

  const relevant = input.postings.filter((p) => {
    const account = accounts.get(p.accountId);
    return account !== undefined && profitAndLossGroup(account) !== undefined &&
      p.txnDate >= period.start && p.txnDate <= period.end && filter.accepts(p);
  });
  const columns = planColumns(summarizeBy, period, input, relevant);
  const amounts = accumulate(relevant, columns, accounts);
  const noReportData = relevant.length === 0;
  const width = columns.length;

  const group = (name: ProfitAndLossGroup) => {
    const members = [...amounts.keys()].map((id) => accounts.get(id)!)
      .filter((a) => profitAndLossGroup(a) === name && amounts.get(a.id)!.some((c) => c !== 0))
      .sort(byAccountName);
    const rows: ReportRow[] = members.map((a) => dataRow(a.name, a.id, amounts.get(a.id)!));
    const totals = sumColumns(width, members.map((a) => amounts.get(a.id)!));
    return { rows, totals };
  };
  const income = group("Income");
  const cogs = group("COGS");
  const expenses = group("Expenses");
  const otherIncome = group("OtherIncome");
  const otherExpenses = group("OtherExpenses");

  const grossProfit = subtractColumns(income.totals, cogs.totals);
  const netOperatingIncome = subtractColumns(grossProfit, expenses.totals);
  const netOtherIncome = subtractColumns(otherIncome.totals, otherExpenses.totals);
  const netIncome = addColumns(netOperatingIncome, netOtherIncome);
  const blank = noReportData;

  const rows: ReportRow[] = [
    sectionRow({
      group: "Income",
      title: "Income",
      summaryTitle: "Total Income",
      ...income,
      blank: blank || income.rows.length === 0,
    }),
  ];
  if (cogs.rows.length > 0) {
    rows.push(
      sectionRow({
        group: "COGS",
        title: "Cost of Goods Sold",
        summaryTitle: "Total Cost of Goods Sold",
        ...cogs,
      }),
    );
  }
  rows.push(
    sectionRow({ group: "GrossProfit", summaryTitle: "Gross Profit", rows: [], totals: grossProfit, blank }),
    sectionRow({
      group: "Expenses",
      title: "Expenses",
      summaryTitle: "Total Expenses",
      ...expenses,
      blank: blank || expenses.rows.length === 0,
    }),
    sectionRow({
      group: "NetOperatingIncome",
      summaryTitle: "Net Operating Income",
      rows: [],
      totals: netOperatingIncome,
      blank,
    }),
  );
  if (otherIncome.rows.length > 0 || otherExpenses.rows.length > 0) {
    if (otherIncome.rows.length > 0) {
      rows.push(
        sectionRow({
          group: "OtherIncome",
          title: "Other Income",
          summaryTitle: "Total Other Income",
          ...otherIncome,
        }),
      );
    }
    if (otherExpenses.rows.length > 0) {
      rows.push(
        sectionRow({
          group: "OtherExpenses",
          title: "Other Expenses",
          summaryTitle: "Total Other Expenses",
          ...otherExpenses,
        }),
      );
    }
    rows.push(
      sectionRow({
        group: "NetOtherIncome",
        summaryTitle: "Net Other Income",
        rows: [],
        totals: netOtherIncome,
      }),
    );
  }
  rows.push(
    sectionRow({ group: "NetIncome", summaryTitle: "Net Income", rows: [], totals: netIncome, blank }),
  );

  return {
    Header: reportHeader({
      reportName: "ProfitAndLoss",
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

/** Per account, the amount in each column in integer cents, with the statement's sign. */
function accumulate(
  postings: readonly Posting[],
  columns: readonly MoneyColumn[],
  accounts: ReadonlyMap<string, AccountInfo>,
): Map<string, number[]> {
  const amounts = new Map<string, number[]>();
  for (const p of postings) {
    const account = accounts.get(p.accountId)!;
    const signed = isCreditNormal(account) ? -p.amountCents : p.amountCents;
    let cells = amounts.get(p.accountId);
    if (!cells) amounts.set(p.accountId, cells = new Array(columns.length).fill(0));
    columns.forEach((c, i) => {
      if (p.txnDate >= c.start && p.txnDate <= c.end && c.includes(p)) cells[i] += signed;
    });
  }
  return amounts;
}
