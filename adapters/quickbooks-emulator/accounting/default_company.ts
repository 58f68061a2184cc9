import type { CompanyOperations } from "./company_operations.ts";
import type { Doc } from "./company_state.ts";
import { DEFAULT_CHART_OF_ACCOUNTS } from "./default_chart_of_accounts.ts";
import { seedExchangeRates } from "./exchange_rates.ts";

/**
 * What a brand-new QBO company holds, tuned for property management: the chart of accounts of
 * default_chart_of_accounts.ts (ours plus Intuit's sandbox sample), rent / late fee / security
 * deposit items (the deposit item "earns" into a liability), a Net 30 term, common payment
 * methods, CompanyInfo and Preferences.
 */
export interface NewCompanyOptions {
  readonly realmId?: string;
  readonly companyName: string;
  /** Class tracking per transaction line (QBO's ClassTrackingPerTxnLine). */
  readonly classTracking?: boolean;
  /** Location (Department) tracking. */
  readonly locationTracking?: boolean;
  /** Multicurrency (Preferences.CurrencyPrefs.MultiCurrencyEnabled; exchange rates need it). */
  readonly multiCurrency?: boolean;
  /** Minutes east of UTC for timestamps; QBO sandbox companies are Pacific (-420). */
  readonly offsetMinutes?: number;
}

const ITEMS: ReadonlyArray<readonly [string, string, string]> = [
  ["Services", "Services", "Service"],
  ["Rent", "Rental Income", "Rent"],
  ["Late Fee", "Late Fee Income", "Late fee"],
  ["Security Deposit", "Security Deposits Liability", "Refundable security deposit"],
];

function accountId(ops: CompanyOperations, name: string): string {
  const id = ops.state.listNameOwner("Account", name);
  if (id === undefined) throw new RangeError(`seed account missing: ${name}`);
  return id;
}

/** Fills a freshly created company (through the ordinary create path, so rules apply). */
export function seedCompany(ops: CompanyOperations, options: NewCompanyOptions, startDate: string): void {
  for (const a of DEFAULT_CHART_OF_ACCOUNTS) {
    ops.create("Account", {
      Name: a.name,
      AccountType: a.accountType,
      AccountSubType: a.accountSubType,
      ...(a.parent ? { ParentRef: { value: accountId(ops, a.parent) } } : {}),
    });
  }
  for (const [Name, income, Description] of ITEMS) {
    ops.create("Item", {
      Name,
      Type: "Service",
      Description,
      IncomeAccountRef: { value: accountId(ops, income) },
    });
  }
  ops.create("Term", { Name: "Net 30", DueDays: 30 });
  ops.create("Term", { Name: "Due on receipt", DueDays: 0 });
  ops.create("PaymentMethod", { Name: "Cash" });
  ops.create("PaymentMethod", { Name: "Check" });
  ops.create("PaymentMethod", { Name: "Credit Card", Type: "CREDIT_CARD" });
  ops.create("PaymentMethod", { Name: "ACH" });
  ops.seedSingleton("CompanyInfo", companyInfo(options, startDate));
  ops.seedSingleton("Preferences", preferences(options, ops));
  seedExchangeRates(ops, startDate);
}

function companyInfo(options: NewCompanyOptions, startDate: string): Doc {
  const address = {
    Id: "1",
    Line1: "123 Main Street",
    City: "Mountain View",
    CountrySubDivisionCode: "CA",
    PostalCode: "94042",
    Country: "USA",
  };
  return {
    CompanyName: options.companyName,
    LegalName: options.companyName,
    CompanyAddr: address,
    CustomerCommunicationAddr: address,
    LegalAddr: address,
    PrimaryPhone: {},
    CompanyStartDate: startDate,
    FiscalYearStartMonth: "January",
    Country: "US",
    Email: { Address: "noreply@quickbooks.emulator" },
    WebAddr: {},
    SupportedLanguages: "en",
    NameValue: [
      { Name: "NeoEnabled", Value: "true" },
      { Name: "IndustryType", Value: "Property Management" },
      { Name: "IndustryCode", Value: "531311" },
      { Name: "SubscriptionStatus", Value: "PAID" },
      { Name: "OfferingSku", Value: "QuickBooks Online Plus" },
      { Name: "PayrollFeature", Value: "false" },
      { Name: "AccountantFeature", Value: "false" },
      { Name: "IsQbdtMigrated", Value: "false" },
      { Name: "ItemCategoriesFeature", Value: "true" },
    ],
  };
}

function preferences(options: NewCompanyOptions, ops: CompanyOperations): Doc {
  return {
    AccountingInfoPrefs: {
      FirstMonthOfFiscalYear: "January",
      UseAccountNumbers: false,
      TaxYearMonth: "January",
      ClassTrackingPerTxn: false,
      TrackDepartments: options.locationTracking === true,
      TaxForm: "6",
      CustomerTerminology: "Customers",
      DepartmentTerminology: "Location",
      ClassTrackingPerTxnLine: options.classTracking === true,
    },
    ProductAndServicesPrefs: {
      ForSales: true,
      ForPurchase: true,
      QuantityWithPriceAndRate: true,
      QuantityOnHand: true,
    },
    SalesFormsPrefs: {
      CustomField: [],
      AllowDeposit: true,
      AllowDiscount: true,
      AllowEstimates: true,
      AllowShipping: false,
      AutoApplyCredit: true,
      CustomTxnNumbers: false,
      DefaultTerms: { value: ops.state.listNameOwner("Term", "Net 30") },
      DefaultCustomerMessage: "",
      ETransactionEnabledStatus: "NotApplicable",
    },
    EmailMessagesPrefs: {},
    VendorAndPurchasesPrefs: { TrackingByCustomer: true, BillableExpenseTracking: true, POCustomField: [] },
    TimeTrackingPrefs: {
      UseServices: true,
      BillCustomers: true,
      ShowBillRateToAll: false,
      WorkWeekStartDate: "Monday",
      MarkTimeEntriesBillable: true,
    },
    TaxPrefs: { UsingSalesTax: false, PartnerTaxEnabled: false },
    CurrencyPrefs: { MultiCurrencyEnabled: options.multiCurrency === true, HomeCurrency: { value: "USD" } },
    ReportPrefs: { ReportBasis: "Accrual", CalcAgingReportFromTxnDate: false },
    OtherPrefs: { NameValue: [{ Name: "SalesFormsPrefs.DefaultCustomerMessage", Value: "" }] },
  };
}
