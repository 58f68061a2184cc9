/** The scopes Intuit's authorization server accepts, and what they unlock. */

export const ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting";
export const PAYMENT_SCOPE = "com.intuit.quickbooks.payment";
export const OPENID_SCOPE = "openid";

export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  ACCOUNTING_SCOPE,
  PAYMENT_SCOPE,
  OPENID_SCOPE,
  "profile",
  "email",
  "phone",
  "address",
  "app-foundations.custom-field-definitions",
  "app-foundations.custom-field-definitions.read",
  "app-foundations.custom-dimensions.read",
  "project-management.project",
  "payroll.compensation.read",
  "time-tracking.time-entry",
  "indirect-tax.tax-calculation.quickbooks",
]);

/** Splits a space-delimited scope parameter; `undefined` when empty or any scope is unknown. */
export function parseScopes(scopeParam: string | undefined): string[] | undefined {
  const scopes = (scopeParam ?? "").split(/[\s+]+/).filter((s) => s.length > 0);
  if (scopes.length === 0) return undefined;
  if (!scopes.every((s) => KNOWN_SCOPES.has(s))) return undefined;
  return [...new Set(scopes)];
}

/** True when the scopes need a company (realm) to be chosen at consent. */
export function scopesNeedRealm(scopes: readonly string[]): boolean {
  return scopes.includes(ACCOUNTING_SCOPE) || scopes.includes(PAYMENT_SCOPE);
}
