/**
 * Where each Intuit endpoint lives on the emulator. Intuit spreads them over several hosts
 * (appcenter, oauth.platform, developer.api, accounts.platform, quickbooks.api); the emulator keeps
 * their paths and puts them all under one base URL, so a client only swaps the origin.
 */
export const OAUTH_PATHS = {
  authorize: "/connect/oauth2",
  token: "/oauth2/v1/tokens/bearer",
  revoke: "/v2/oauth2/tokens/revoke",
  userinfo: "/v1/openid_connect/userinfo",
  jwks: "/op/v1/jwks",
  sandboxDiscovery: "/.well-known/openid_sandbox_configuration",
  sandboxDiscoveryHyphenated: "/.well-known/openid-sandbox-configuration",
  productionDiscovery: "/.well-known/openid_configuration",
  productionDiscoveryHyphenated: "/.well-known/openid-configuration",
} as const;

/** Intuit's fixed issuer; clients (intuit-oauth) compare it verbatim, so the emulator keeps it. */
export const INTUIT_ISSUER = "https://oauth.platform.intuit.com/op/v1";

/** Absolute URLs of the emulator's endpoints for a given public base URL. */
export interface EmulatorUrls {
  readonly base: string;
  readonly authorize: string;
  readonly token: string;
  readonly revoke: string;
  readonly userinfo: string;
  readonly jwks: string;
  readonly discovery: string;
  /** What node-quickbooks calls V3_ENDPOINT_BASE_URL: ends with "/v3/company/". */
  readonly v3CompanyBase: string;
}

/** Builds every endpoint URL from a base URL such as "http://127.0.0.1:8788" or ".../emulator". */
export function emulatorUrls(baseUrl: string): EmulatorUrls {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    base,
    authorize: base + OAUTH_PATHS.authorize,
    token: base + OAUTH_PATHS.token,
    revoke: base + OAUTH_PATHS.revoke,
    userinfo: base + OAUTH_PATHS.userinfo,
    jwks: base + OAUTH_PATHS.jwks,
    discovery: base + OAUTH_PATHS.sandboxDiscovery,
    v3CompanyBase: base + "/v3/company/",
  };
}
