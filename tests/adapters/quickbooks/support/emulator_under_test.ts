import { createEmulator, type Emulator } from "../../../../adapters/quickbooks-emulator/emulator.ts";
import { InProcessRateBudget } from "../../../../adapters/quickbooks/in_process_rate_budget.ts";
import { IntuitOAuthClient } from "../../../../adapters/quickbooks/oauth/intuit_oauth_client.ts";
import { INTUIT_ISSUER } from "../../../../adapters/quickbooks/oauth/oauth_endpoints.ts";
import { QboHttpClient } from "../../../../adapters/quickbooks/qbo_http_client.ts";
import { QuickBooksApiGateway } from "../../../../adapters/quickbooks/quickbooks_api_gateway.ts";
import {
  DEFAULT_RESILIENCE,
  type ResilienceOptions,
} from "../../../../adapters/quickbooks/realm_resilience.ts";
import type { AccessTokenSource, QuickBooksTarget } from "../../../../domain/ports/quickbooks_gateway.ts";
import { approveConsent } from "./emulated_oauth_server.ts";

const CLIENT = { clientId: "gateway-test-client", clientSecret: "gateway-test-secret" };
const REDIRECT = "http://127.0.0.1/callback";

/** Hands out a real emulator access token; on a rejection, refreshes through the OAuth client. */
class EmulatorTokens implements AccessTokenSource {
  refreshes = 0;
  constructor(
    private readonly oauth: IntuitOAuthClient,
    private current: { access: string; refresh: string },
  ) {}

  async accessToken(_target: QuickBooksTarget, rejected?: string): Promise<string> {
    if (rejected === this.current.access) {
      const next = await this.oauth.refresh(this.current.refresh);
      this.current = { access: next.accessToken, refresh: next.refreshToken };
      this.refreshes++;
    }
    return this.current.access;
  }
}

/** The full emulator on a loopback port, a company connected through OAuth, and a gateway on it. */
export async function gatewayOnEmulator(
  company: { companyName: string; classTracking?: boolean; locationTracking?: boolean },
  resilience: Partial<ResilienceOptions> = {},
) {
  const emulator: Emulator = await createEmulator({
    clients: [{ ...CLIENT, redirectUris: [REDIRECT] }],
    companies: [],
  });
  const { realmId } = emulator.companies.createCompany(company);
  const http = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, emulator.app.fetch);
  const base = `http://127.0.0.1:${http.addr.port}`;
  const clock = { now: () => emulator.clock.now() };
  const oauth = new IntuitOAuthClient({
    ...CLIENT,
    redirectUri: REDIRECT,
    discoveryUrl: `${base}/.well-known/openid_sandbox_configuration`,
    issuer: INTUIT_ISSUER,
    clock,
  });
  const state = oauth.createState();
  const pkce = await oauth.createPkcePair();
  const url = new URL(await oauth.authorizationUrl({ state, codeChallenge: pkce.challenge }));
  url.searchParams.set("realm_id", realmId);
  const callback = await approveConsent(url.href);
  const grant = await oauth.exchangeCode({ code: callback.get("code")!, state, codeVerifier: pkce.verifier });
  const tokens = new EmulatorTokens(oauth, {
    access: grant.tokens.accessToken,
    refresh: grant.tokens.refreshToken,
  });
  const client = new QboHttpClient({
    apiBaseUrl: base,
    minorVersion: 75,
    tokens,
    budget: new InProcessRateBudget(),
    clock,
    resilience: { ...DEFAULT_RESILIENCE, waitScale: 0, ...resilience },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    budgetMaxWaitMs: 10_000,
    requestTimeoutMs: 10_000,
  });
  const gateway = new QuickBooksApiGateway(client, clock);
  const admin = async (path: string, body: unknown) => {
    const response = await fetch(`${base}/_emulator${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${emulator.adminToken}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`admin ${path}: ${response.status} ${await response.text()}`);
    await response.body?.cancel();
  };
  return {
    gateway,
    tokens,
    target: { orgId: "org-1", realmId },
    admin,
    emulator,
    close: async () => {
      await http.shutdown();
      await emulator.close();
    },
  };
}
