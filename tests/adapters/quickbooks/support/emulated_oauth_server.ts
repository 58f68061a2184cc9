import { SeededRandom } from "../../../../adapters/quickbooks-emulator/clock/seeded_random.ts";
import { parseEmulatorConfig } from "../../../../adapters/quickbooks-emulator/config.ts";
import { emulatorUrls } from "../../../../adapters/quickbooks-emulator/oauth/endpoint_paths.ts";
import {
  createOAuthServer,
  type OAuthServer,
} from "../../../../adapters/quickbooks-emulator/oauth/oauth_server.ts";

export const EMULATOR_CLIENT = { clientId: "emulator-client-id", clientSecret: "emulator-client-secret" };
export const REDIRECT_URI = "http://127.0.0.1:8787/api/quickbooks/oauth/callback";
export const REALM = "9341452000000001";

/** The emulator's OAuth server alone, on a loopback port, until the full emulator lands. */
export async function startEmulatedOAuthServer(): Promise<
  { baseUrl: string; server: OAuthServer; grants: string[]; close: () => Promise<void> }
> {
  const config = parseEmulatorConfig({});
  const server = await createOAuthServer({
    config,
    clock: { now: () => new Date() },
    random: new SeededRandom(7),
    companies: {
      listCompanies: () => [{ realmId: REALM, companyName: "Maple Court Rentals" }],
      hasRealm: (realmId) => realmId === REALM,
    },
    urlsFor: (c) => emulatorUrls(new URL(c.req.url).origin),
  });
  /** grant_type of every token request, in order (to count refreshes). */
  const grants: string[] = [];
  const http = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    if (request.method === "POST" && new URL(request.url).pathname.endsWith("/tokens/bearer")) {
      grants.push(new URLSearchParams(await request.clone().text()).get("grant_type") ?? "");
    }
    return server.app.fetch(request);
  });
  return { baseUrl: `http://127.0.0.1:${http.addr.port}`, server, grants, close: () => http.shutdown() };
}

/** Plays the user's browser: approves the consent and returns the callback's query parameters. */
export async function approveConsent(authorizationUrl: string): Promise<URLSearchParams> {
  const url = new URL(authorizationUrl);
  url.searchParams.set("auto_approve", "true");
  const response = await fetch(url, { redirect: "manual" });
  await response.body?.cancel();
  return new URL(response.headers.get("location")!).searchParams;
}
