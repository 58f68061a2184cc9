/**
 * QBO account types with their classification and default sub type, and the sub types the
 * emulator knows (mapped back to their type), for the 6010 "invalid account type" rule.
 */
export type Classification = "Asset" | "Liability" | "Equity" | "Revenue" | "Expense";

interface AccountTypeInfo {
  readonly classification: Classification;
  readonly defaultSubType: string;
  readonly subTypes: readonly string[];
}

export const ACCOUNT_TYPES: Readonly<Record<string, AccountTypeInfo>> = {
  "Bank": {
    classification: "Asset",
    defaultSubType: "Checking",
    subTypes: [
      "Checking",
      "Savings",
      "CashOnHand",
      "TrustAccounts",
      "RentsHeldInTrust",
      "MoneyMarket",
      "OtherEarmarkedBankAccounts",
    ],
  },
  "Accounts Receivable": {
    classification: "Asset",
    defaultSubType: "AccountsReceivable",
    subTypes: ["AccountsReceivable"],
  },
  "Other Current Asset": {
    classification: "Asset",
    defaultSubType: "OtherCurrentAssets",
    subTypes: [
      "UndepositedFunds",
      "OtherCurrentAssets",
      "PrepaidExpenses",
      "AllowanceForBadDebts",
      "Inventory",
      "EmployeeCashAdvances",
    ],
  },
  "Fixed Asset": {
    classification: "Asset",
    defaultSubType: "OtherFixedAssets",
    subTypes: [
      "OtherFixedAssets",
      "Buildings",
      "Land",
      "FurnitureAndFixtures",
      "MachineryAndEquipment",
      "AccumulatedDepreciation",
      "Vehicles",
      "LeaseholdImprovements",
    ],
  },
  "Other Asset": {
    classification: "Asset",
    defaultSubType: "OtherLongTermAssets",
    subTypes: ["OtherLongTermAssets", "SecurityDeposits", "Goodwill", "LeaseBuyout"],
  },
  "Accounts Payable": {
    classification: "Liability",
    defaultSubType: "AccountsPayable",
    subTypes: ["AccountsPayable"],
  },
  "Credit Card": { classification: "Liability", defaultSubType: "CreditCard", subTypes: ["CreditCard"] },
  "Other Current Liability": {
    classification: "Liability",
    defaultSubType: "OtherCurrentLiabilities",
    subTypes: [
      "OtherCurrentLiabilities",
      "RentsInTrustLiability",
      "TrustAccountsLiabilities",
      "PayrollTaxPayable",
      "SalesTaxPayable",
      "LineOfCredit",
      "LoanPayable",
      "DirectDepositPayable",
      "PrepaidExpensesPayable",
    ],
  },
  "Long Term Liability": {
    classification: "Liability",
    defaultSubType: "OtherLongTermLiabilities",
    subTypes: ["OtherLongTermLiabilities", "NotesPayable", "ShareholderNotesPayable"],
  },
  "Equity": {
    classification: "Equity",
    defaultSubType: "OwnersEquity",
    subTypes: [
      "OpeningBalanceEquity",
      "RetainedEarnings",
      "OwnersEquity",
      "PartnersEquity",
      "PartnerContributions",
      "PartnerDistributions",
      "CommonStock",
      "PaidInCapitalOrSurplus",
    ],
  },
  "Income": {
    classification: "Revenue",
    defaultSubType: "ServiceFeeIncome",
    subTypes: [
      "ServiceFeeIncome",
      "OtherPrimaryIncome",
      "SalesOfProductIncome",
      "DiscountsRefundsGiven",
      "UnappliedCashPaymentIncome",
      "NonProfitIncome",
    ],
  },
  "Other Income": {
    classification: "Revenue",
    defaultSubType: "OtherMiscellaneousIncome",
    subTypes: ["OtherMiscellaneousIncome", "InterestEarned", "DividendIncome", "OtherInvestmentIncome"],
  },
  "Cost of Goods Sold": {
    classification: "Expense",
    defaultSubType: "SuppliesMaterialsCogs",
    subTypes: ["SuppliesMaterialsCogs", "CostOfLaborCos", "EquipmentRentalCos", "OtherCostsOfServiceCos"],
  },
  "Expense": {
    classification: "Expense",
    defaultSubType: "OtherMiscellaneousServiceCost",
    subTypes: [
      "RepairMaintenance",
      "Utilities",
      "Insurance",
      "LegalProfessionalFees",
      "AdvertisingPromotional",
      "BankCharges",
      "OfficeGeneralAdministrativeExpenses",
      "OtherMiscellaneousServiceCost",
      "RentOrLeaseOfBuildings",
      "TaxesPaid",
      "Travel",
      "SuppliesMaterials",
      "PayrollExpenses",
      "DuesSubscriptions",
      "Auto",
      "CostOfLabor",
      "Entertainment",
      "EntertainmentMeals",
      "TravelMeals",
      "PromotionalMeals",
      "EquipmentRental",
      "ShippingFreightDelivery",
      "InterestPaid",
      "CommissionsAndFees",
      "UnappliedCashBillPaymentExpense",
      "OtherBusinessExpenses",
    ],
  },
  "Other Expense": {
    classification: "Expense",
    defaultSubType: "OtherMiscellaneousExpense",
    subTypes: ["OtherMiscellaneousExpense", "Depreciation", "Amortization", "PenaltiesSettlements"],
  },
};

const TYPE_BY_SUBTYPE = new Map<string, string>();
for (const [type, info] of Object.entries(ACCOUNT_TYPES)) {
  for (const sub of info.subTypes) if (!TYPE_BY_SUBTYPE.has(sub)) TYPE_BY_SUBTYPE.set(sub, type);
}

/** The account type a known sub type belongs to. */
export function accountTypeOfSubType(subType: string): string | undefined {
  return TYPE_BY_SUBTYPE.get(subType);
}
