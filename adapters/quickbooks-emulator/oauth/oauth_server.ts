/**
 * The emulated Intuit OAuth 2.0 / OpenID Connect server: discovery, authorize (consent), token,
 * revoke, userinfo and JWKS, as one Hono app to mount at the emulator's root.
 */
import { Hono } from "hono";
import type { CompanyDirectory, EmulatorClock } from "../contracts.ts";
import type { EmulatorConfig } from "../config.ts";
import type { SeededRandom } from "../clock/seeded_random.ts";
import type { Context } from "hono";
import { AuthorizationCodeStore } from "./authorization_codes.ts";
import { authorizeRoutes } from "./authorize_routes.ts";
import { ClientRegistry } from "./client_registry.ts";
import { discoveryDocument } from "./discovery_document.ts";
import { type EmulatorUrls, OAUTH_PATHS } from "./endpoint_paths.ts";
import { IdTokenSigner } from "./id_token_signer.ts";
import type { OAuthServerDeps } from "./oauth_server_deps.ts";
import { revokeRoute } from "./revoke_route.ts";
import { jsonUtf8, tokenRoute } from "./token_route.ts";
import { TokenService } from "./token_service.ts";
import { userinfoRoute } from "./userinfo_route.ts";

export interface OAuthServer {
  readonly app: Hono;
  readonly tokens: TokenService;
  readonly codes: AuthorizationCodeStore;
  readonly clients: ClientRegistry;
  readonly signer: IdTokenSigner;
}

export async function createOAuthServer(args: {
  readonly config: Pick<EmulatorConfig, "clients" | "tokens">;
  readonly clock: EmulatorClock;
  readonly random: SeededRandom;
  readonly companies: CompanyDirectory;
  readonly urlsFor: (c: Context) => EmulatorUrls;
  /** Called after every change to grants or tokens (persistence). */
  readonly onTokensChanged?: () => void;
}): Promise<OAuthServer> {
  const { config, clock, random } = args;
  const signer = await IdTokenSigner.create(random);
  const deps: OAuthServerDeps = {
    clients: new ClientRegistry(config.clients),
    codes: new AuthorizationCodeStore(clock, random, config.tokens.authorizationCodeSeconds),
    tokens: new TokenService({ clock, random, lifetimes: config.tokens, onChange: args.onTokensChanged }),
    signer,
    companies: args.companies,
    clock,
    lifetimes: config.tokens,
    subject: random.uuid(),
    urlsFor: args.urlsFor,
  };

  const app = new Hono();
  const discovery = (c: Context) => jsonUtf8(discoveryDocument(deps.urlsFor(c)), 200);
  for (
    const path of [
      OAUTH_PATHS.sandboxDiscovery,
      OAUTH_PATHS.sandboxDiscoveryHyphenated,
      OAUTH_PATHS.productionDiscovery,
      OAUTH_PATHS.productionDiscoveryHyphenated,
    ]
  ) {
    // Intuit's Python client appends a trailing slash; routes must not depend on the root's strictness.
    app.get(path, discovery);
    app.get(path + "/", discovery);
  }
  app.get(OAUTH_PATHS.jwks, () => jsonUtf8(signer.jwks(), 200));
  app.route("/", authorizeRoutes(deps));
  app.route("/", tokenRoute(deps));
  app.route("/", revokeRoute(deps));
  app.route("/", userinfoRoute(deps));
  return { app, tokens: deps.tokens, codes: deps.codes, clients: deps.clients, signer };
}
