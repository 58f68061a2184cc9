/**
 * The chart of accounts every new emulated company starts with.
 *
 * First the property-management accounts the service's default account mapping looks up by name
 * (src/demo/sample_portfolio.ts `emulatorAccountMapping`); their order is fixed, because tests
 * address some of them by Id ("3" is Checking, "10" Rental Income, "13" Repairs and Maintenance).
 * Then the accounts of Intuit's US sandbox sample company ("Craig's Design and Landscaping
 * Services"), with the names QBO gives them there. Names seen in recorded sandbox responses
 * (fixtures reports__gl__0: Services, Retained Earnings, Undeposited Funds, Rent or Lease,
 * Accounts Payable (A/P), Opening Balance Equity, Checking, Savings, Truck, Mastercard, Loan Payable,
 * Notes Payable, Utilities, Inventory Asset, Design income, Accounts Receivable (A/R), Board of
 * Equalization Payable) are exact; the others follow the sample company as the QBO UI shows it.
 * AccountSubType values are Intuit's AccountSubTypeEnum (Finance.xsd of the V3 PHP SDK).
 * The sandbox's "Maintenance and Repair" is covered by our "Repairs and Maintenance" (one account
 * per purpose keeps a developer's mapping unambiguous).
 */
export interface SeedAccount {
  readonly name: string;
  readonly accountType: string;
  readonly accountSubType: string;
  /** Name of the parent account (a sub-account, "Parent:Child"). */
  readonly parent?: string;
}

const account = (
  name: string,
  accountType: string,
  accountSubType: string,
  parent?: string,
): SeedAccount => ({
  name,
  accountType,
  accountSubType,
  ...(parent ? { parent } : {}),
});

/** The property-management accounts; Ids 1..17 in this order. */
const PROPERTY_MANAGEMENT: readonly SeedAccount[] = [
  account("Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
  account("Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
  account("Checking", "Bank", "Checking"),
  account("Savings", "Bank", "Savings"),
  account("Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable"),
  account("Security Deposits Liability", "Other Current Liability", "OtherCurrentLiabilities"),
  account("Opening Balance Equity", "Equity", "OpeningBalanceEquity"),
  account("Retained Earnings", "Equity", "RetainedEarnings"),
  account("Services", "Income", "ServiceFeeIncome"),
  account("Rental Income", "Income", "OtherPrimaryIncome"),
  account("Late Fee Income", "Income", "OtherPrimaryIncome"),
  account("Discounts given", "Income", "DiscountsRefundsGiven"),
  account("Repairs and Maintenance", "Expense", "RepairMaintenance"),
  account("Utilities", "Expense", "Utilities"),
  account("Insurance", "Expense", "Insurance"),
  account("Legal & Professional Fees", "Expense", "LegalProfessionalFees"),
  account("Property Management Fees", "Expense", "OtherMiscellaneousServiceCost"),
];

/** The rest of Intuit's sandbox sample chart (parents before their sub-accounts). */
const SANDBOX_SAMPLE: readonly SeedAccount[] = [
  account("Inventory Asset", "Other Current Asset", "Inventory"),
  account("Prepaid Expenses", "Other Current Asset", "PrepaidExpenses"),
  account("Uncategorized Asset", "Other Current Asset", "OtherCurrentAssets"),
  account("Truck", "Fixed Asset", "Vehicles"),
  account("Original Cost", "Fixed Asset", "Vehicles", "Truck"),
  account("Depreciation", "Fixed Asset", "AccumulatedDepreciation", "Truck"),
  account("Mastercard", "Credit Card", "CreditCard"),
  account("Visa", "Credit Card", "CreditCard"),
  account("Board of Equalization Payable", "Other Current Liability", "SalesTaxPayable"),
  account("Loan Payable", "Other Current Liability", "LoanPayable"),
  account("Notes Payable", "Long Term Liability", "OtherLongTermLiabilities"),
  account("Sales of Product Income", "Income", "SalesOfProductIncome"),
  account("Design income", "Income", "ServiceFeeIncome"),
  account("Unapplied Cash Payment Income", "Income", "UnappliedCashPaymentIncome"),
  account("Interest Earned", "Other Income", "InterestEarned"),
  account("Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs"),
  account("Advertising", "Expense", "AdvertisingPromotional"),
  account("Automobile", "Expense", "Auto"),
  account("Fuel", "Expense", "Auto", "Automobile"),
  account("Bank Charges", "Expense", "BankCharges"),
  account("Dues & Subscriptions", "Expense", "DuesSubscriptions"),
  account("Equipment Rental", "Expense", "EquipmentRental"),
  account("Meals and Entertainment", "Expense", "EntertainmentMeals"),
  account("Office Expenses", "Expense", "OfficeGeneralAdministrativeExpenses"),
  account("Rent or Lease", "Expense", "RentOrLeaseOfBuildings"),
  account("Stationery & Printing", "Expense", "OfficeGeneralAdministrativeExpenses"),
  account("Supplies", "Expense", "SuppliesMaterials"),
  account("Taxes & Licenses", "Expense", "TaxesPaid"),
  account("Travel", "Expense", "Travel"),
  account("Travel Meals", "Expense", "TravelMeals"),
  account("Uncategorized Expense", "Expense", "OtherMiscellaneousServiceCost"),
  account("Unapplied Cash Bill Payment Expense", "Expense", "UnappliedCashBillPaymentExpense"),
  account("Miscellaneous", "Other Expense", "OtherMiscellaneousExpense"),
  account("Penalties & Settlements", "Other Expense", "PenaltiesSettlements"),
];

export const DEFAULT_CHART_OF_ACCOUNTS: readonly SeedAccount[] = [...PROPERTY_MANAGEMENT, ...SANDBOX_SAMPLE];
