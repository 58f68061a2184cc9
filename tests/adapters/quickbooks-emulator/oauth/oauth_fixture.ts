/** Builds an in-process OAuth server on a frozen clock for the OAuth tests. */
import { Hono } from "hono";
import { FrozenClock } from "../../../../adapters/quickbooks-emulator/clock/controllable_clock.ts";
import { SeededRandom } from "../../../../adapters/quickbooks-emulator/clock/seeded_random.ts";
import { parseEmulatorConfig } from "../../../../adapters/quickbooks-emulator/config.ts";
import { emulatorUrls } from "../../../../adapters/quickbooks-emulator/oauth/endpoint_paths.ts";
import {
  createOAuthServer,
  type OAuthServer,
} from "../../../../adapters/quickbooks-emulator/oauth/oauth_server.ts";
import {
  intuitTidMiddleware,
  seededTransactionIds,
} from "../../../../adapters/quickbooks-emulator/gateway/intuit_tid.ts";

export const BASE = "http://emulator.test";
export const CLIENT_ID = "emulator-client-id";
export const CLIENT_SECRET = "emulator-client-secret";
export const REDIRECT_URI = "http://localhost:8787/api/quickbooks/oauth/callback";
export const REALM_A = "9130350000000001";
export const REALM_B = "9130350000000002";

export interface OAuthFixture {
  readonly app: Hono;
  readonly server: OAuthServer;
  readonly clock: FrozenClock;
}

export async function oauthFixture(): Promise<OAuthFixture> {
  const config = parseEmulatorConfig({});
  const clock = new FrozenClock(new Date("2026-03-01T12:00:00Z"));
  const random = new SeededRandom(7);
  const companies = [
    { realmId: REALM_A, companyName: "Maple Street Properties" },
    { realmId: REALM_B, companyName: "O'Brien Holdings" },
  ];
  const server = await createOAuthServer({
    config,
    clock,
    random,
    companies: { listCompanies: () => companies, hasRealm: (r) => companies.some((c) => c.realmId === r) },
    urlsFor: () => emulatorUrls(BASE),
  });
  const app = new Hono();
  app.use("*", intuitTidMiddleware(seededTransactionIds(random)));
  app.route("/", server.app);
  return { app, server, clock };
}

export function basicAuth(id = CLIENT_ID, secret = CLIENT_SECRET): string {
  return "Basic " + btoa(`${id}:${secret}`);
}

/** Runs the non-interactive consent and returns the redirect's query parameters. */
export async function authorize(
  app: Hono,
  extra: Record<string, string> = {},
  scope = "com.intuit.quickbooks.accounting openid profile email",
): Promise<URLSearchParams> {
  const q = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: "code",
    scope,
    redirect_uri: REDIRECT_URI,
    state: "st-123",
    auto_approve: "true",
    realm_id: REALM_A,
    ...extra,
  });
  const res = await app.request(`/connect/oauth2?${q}`);
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get("location")!).searchParams;
}

export function tokenRequest(
  app: Hono,
  form: Record<string, string>,
  headers: Record<string, string> = { authorization: basicAuth() },
): Promise<Response> {
  return Promise.resolve(app.request("/oauth2/v1/tokens/bearer", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...headers },
    body: new URLSearchParams(form).toString(),
  }));
}

export async function exchangeCode(app: Hono, code: string, extra: Record<string, string> = {}) {
  const res = await tokenRequest(app, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    ...extra,
  });
  return { res, body: await res.json() };
}
