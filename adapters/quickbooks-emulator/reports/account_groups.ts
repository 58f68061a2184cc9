import type { AccountInfo } from "../contracts.ts";

/**
 * Where an account lands on QBO's statements, from its AccountType (spelled "Other Current Asset"
 * or "OtherCurrentAsset"; both are accepted), with the classification as the fallback.
 */
export type ProfitAndLossGroup = "Income" | "COGS" | "Expenses" | "OtherIncome" | "OtherExpenses";
export type BalanceSheetGroup =
  | "BankAccounts"
  | "AR"
  | "OtherCurrentAssets"
  | "FixedAssets"
  | "OtherAssets"
  | "AP"
  | "CreditCards"
  | "OtherCurrentLiabilities"
  | "LongTermLiabilities"
  | "Equity";

function typeKey(account: AccountInfo): string {
  return account.accountType.replace(/[\s_-]/g, "").toLowerCase();
}

const PNL_BY_TYPE: Record<string, ProfitAndLossGroup> = {
  income: "Income",
  costofgoodssold: "COGS",
  expense: "Expenses",
  otherincome: "OtherIncome",
  otherexpense: "OtherExpenses",
};

const BS_BY_TYPE: Record<string, BalanceSheetGroup> = {
  bank: "BankAccounts",
  accountsreceivable: "AR",
  othercurrentasset: "OtherCurrentAssets",
  fixedasset: "FixedAssets",
  otherasset: "OtherAssets",
  accountspayable: "AP",
  creditcard: "CreditCards",
  othercurrentliability: "OtherCurrentLiabilities",
  longtermliability: "LongTermLiabilities",
  equity: "Equity",
};

/** True for income and expense accounts (they close into retained earnings). */
export function isProfitAndLossAccount(account: AccountInfo): boolean {
  return account.classification === "Revenue" || account.classification === "Expense";
}

export function profitAndLossGroup(account: AccountInfo): ProfitAndLossGroup | undefined {
  const byType = PNL_BY_TYPE[typeKey(account)];
  if (byType) return byType;
  if (account.classification === "Revenue") return "Income";
  if (account.classification === "Expense") return "Expenses";
  return undefined;
}

export function balanceSheetGroup(account: AccountInfo): BalanceSheetGroup | undefined {
  const byType = BS_BY_TYPE[typeKey(account)];
  if (byType) return byType;
  if (account.classification === "Asset") return "OtherAssets";
  if (account.classification === "Liability") return "OtherCurrentLiabilities";
  if (account.classification === "Equity") return "Equity";
  return undefined;
}

/** Credit-normal accounts are shown with credits positive (income, liabilities, equity). */
export function isCreditNormal(account: AccountInfo): boolean {
  return account.classification === "Revenue" || account.classification === "Liability" ||
    account.classification === "Equity";
}

/** Sorts accounts as statements list them: by name, then id. */
export function byAccountName(a: AccountInfo, b: AccountInfo): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}
