/**
 * Seams between the parts of the QuickBooks Online emulator, so they can be built and tested
 * apart: the OAuth server / gateway (auth, throttling, faults, webhooks out), the accounting
 * core (companies, entities, ledger, batch, CDC) and the pure query-language and report modules.
 */

/** The emulator's controllable clock (advanced through the admin API). */
export interface EmulatorClock {
  now(): Date;
}

/** A change to a QBO object, as the webhook dispatcher and CDC see it. */
export interface ChangeEvent {
  readonly realmId: string;
  /** QBO entity name as in the API, e.g. "Customer", "Invoice". */
  readonly entityName: string;
  readonly id: string;
  readonly operation: "Create" | "Update" | "Delete" | "Void" | "Merge" | "Emailed";
  /** ISO-8601 instant of the change (emulator clock). */
  readonly lastUpdated: string;
  /** Id of the merged-away record, for Merge only. */
  readonly deletedId?: string;
}

export type ChangeListener = (event: ChangeEvent) => void;

/** What the OAuth consent page and the token server need to know about companies. */
export interface CompanyDirectory {
  listCompanies(): ReadonlyArray<{ realmId: string; companyName: string }>;
  hasRealm(realmId: string): boolean;
}

/** Who an accepted access token speaks for. */
export interface AccessGrant {
  readonly realmId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
}

export type AuthenticationResult =
  | { readonly ok: true; readonly grant: AccessGrant }
  | { readonly ok: false; readonly reason: "missing" | "malformed" | "expired" | "revoked" | "wrong_realm" };

/** Validates bearer tokens on `/v3/company/{realmId}/...` calls. */
export interface TokenAuthority {
  authenticate(authorizationHeader: string | undefined, realmId: string): AuthenticationResult;
}

/** One side of a double-entry posting; debits positive, credits negative, integer cents. */
export interface Posting {
  readonly txnType: string;
  readonly txnId: string;
  /** YYYY-MM-DD */
  readonly txnDate: string;
  readonly accountId: string;
  readonly amountCents: number;
  readonly customerId?: string;
  readonly vendorId?: string;
  readonly classId?: string;
  readonly departmentId?: string;
}

/** Chart-of-accounts entry as the report builders need it. */
export interface AccountInfo {
  readonly id: string;
  readonly name: string;
  readonly accountType: string;
  readonly accountSubType: string;
  readonly classification: "Asset" | "Liability" | "Equity" | "Revenue" | "Expense";
}

/** An open A/R document (invoice, or unapplied credit as a negative balance) for aging reports. */
export interface OpenReceivable {
  readonly customerId: string;
  readonly customerName: string;
  readonly txnType: string;
  readonly txnId: string;
  readonly txnDate: string;
  readonly dueDate: string;
  readonly balanceCents: number;
}
