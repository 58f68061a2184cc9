/**
 * The accounting core of the QuickBooks Online emulator: companies (realms) with their objects
 * and ledger, and the Accounting API v3 routes that serve them.
 *
 * @example
 * ```ts
 * const companies = createCompanyStore({ clock });
 * const { realmId } = companies.createCompany({ companyName: "Sandbox Co" });
 * app.route("/v3/company/:realmId", createAccountingApi({ companies, clock, onChange }));
 * ```
 */
export { type AccountingApiDeps, createAccountingApi } from "./accounting_api.ts";
export {
  CompanyStore,
  type CompanyStoreOptions,
  createCompanyStore,
  journalPath,
  type StoreSnapshot,
} from "./company_store.ts";
export type { NewCompanyOptions } from "./default_company.ts";
export {
  BROWSE_DEFAULT_LIMIT,
  BROWSE_MAX_LIMIT,
  type BrowseFailure,
  type BrowseOutcome,
  type BrowsePage,
  type BrowseRequest,
} from "./company_browser.ts";
export { CompanyOperations, type WriteOptions } from "./company_operations.ts";
export type { CompanySnapshot, Doc } from "./company_state.ts";
export { QboFault } from "./qbo_fault.ts";
export { type LedgerView, ledgerView } from "./ledger_view.ts";
