import * as oauth from "oauth4webapi";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { z } from "zod";
import { DomainError } from "../../../domain/errors.ts";
import type { Clock } from "../../../domain/ports/clock.ts";
import type { TokenSet } from "../../../domain/ports/connection_tokens.ts";
import type {
  AuthorizationGrant,
  AuthorizationRequest,
  OAuthClient,
} from "../../../domain/ports/oauth_client.ts";
import { insecureRequestsAllowed } from "./oauth_endpoints.ts";

export const ACCOUNTING_SCOPES = ["com.intuit.quickbooks.accounting", "openid", "profile", "email"] as const;

export interface IntuitOAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  /** Discovery document URL (Intuit's, or the emulator's `/.well-known/openid_sandbox_configuration`). */
  readonly discoveryUrl: string;
  readonly issuer: string;
  readonly scopes?: readonly string[];
  readonly clock: Clock;
  readonly timeoutMs?: number;
}

/** Intuit's extra token response fields (seconds). */
const intuitTokenFieldsSchema = z.object({
  refresh_token: z.string().min(1),
  x_refresh_token_expires_in: z.coerce.number().positive(),
  x_refresh_token_hard_expires_in: z.coerce.number().positive().optional(),
});

/**
 * The OAuth 2.0 / OpenID Connect client for Intuit, on oauth4webapi: discovery, authorization
 * URL with PKCE when advertised, code exchange with ID-token validation (claims by oauth4webapi,
 * RS256 signature against the JWKS by jose), refresh with rotation, revoke.
 */
export class IntuitOAuthClient implements OAuthClient {
  readonly #config: IntuitOAuthConfig;
  readonly #client: oauth.Client;
  readonly #auth: oauth.ClientAuth;
  #server: Promise<{ as: oauth.AuthorizationServer; insecure: boolean }> | null = null;
  #jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(config: IntuitOAuthConfig) {
    this.#config = config;
    this.#client = { client_id: config.clientId };
    this.#auth = oauth.ClientSecretBasic(config.clientSecret);
  }

  createState(): string {
    return oauth.generateRandomState();
  }

  async createPkcePair(): Promise<{ verifier: string; challenge: string }> {
    const verifier = oauth.generateRandomCodeVerifier();
    return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
  }

  async supportsPkce(): Promise<boolean> {
    const { as } = await this.#discover();
    return as.code_challenge_methods_supported?.includes("S256") === true;
  }

  async authorizationUrl(request: AuthorizationRequest): Promise<string> {
    const { as } = await this.#discover();
    const url = new URL(as.authorization_endpoint!);
    url.searchParams.set("client_id", this.#config.clientId);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("scope", (this.#config.scopes ?? ACCOUNTING_SCOPES).join(" "));
    url.searchParams.set("redirect_uri", this.#config.redirectUri);
    url.searchParams.set("state", request.state);
    if (request.codeChallenge) {
      url.searchParams.set("code_challenge", request.codeChallenge);
      url.searchParams.set("code_challenge_method", "S256");
    }
    return url.href;
  }

  async exchangeCode(
    input: { code: string; state: string; codeVerifier: string | null },
  ): Promise<AuthorizationGrant> {
    const { as, insecure } = await this.#discover();
    const issuedAt = this.#config.clock.now();
    const tokens = await this.#call(async () => {
      const params = oauth.validateAuthResponse(
        as,
        this.#client,
        new URLSearchParams({ code: input.code, state: input.state }),
        input.state,
      );
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        this.#client,
        this.#auth,
        params,
        this.#config.redirectUri,
        input.codeVerifier ?? oauth.nopkce,
        this.#options(insecure),
      );
      return await oauth.processAuthorizationCodeResponse(as, this.#client, response);
    });
    const userSubject = tokens.id_token ? await this.#verifyIdToken(as, tokens.id_token) : null;
    return { tokens: toTokenSet(tokens, issuedAt), userSubject };
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    const { as, insecure } = await this.#discover();
    const issuedAt = this.#config.clock.now();
    const tokens = await this.#call(async () => {
      const response = await oauth.refreshTokenGrantRequest(
        as,
        this.#client,
        this.#auth,
        refreshToken,
        this.#options(insecure),
      );
      return await oauth.processRefreshTokenResponse(as, this.#client, response);
    });
    return toTokenSet(tokens, issuedAt);
  }

  /** Intuit documents a JSON body `{"token": ...}` with Basic client authentication. */
  async revoke(token: string): Promise<void> {
    const { as } = await this.#discover();
    if (!as.revocation_endpoint) {
      throw new DomainError("CONFIG_INVALID", "the OAuth server has no revocation endpoint");
    }
    insecureRequestsAllowed([as.revocation_endpoint]);
    let response: Response;
    try {
      response = await fetch(as.revocation_endpoint, {
        method: "POST",
        headers: {
          Authorization: `Basic ${btoa(`${this.#config.clientId}:${this.#config.clientSecret}`)}`,
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        body: JSON.stringify({ token }),
        signal: AbortSignal.timeout(this.#config.timeoutMs ?? 30_000),
      });
      await response.body?.cancel();
    } catch (cause) {
      throw new DomainError("QB007", "the QuickBooks authorization server could not be reached", {}, {
        cause,
      });
    }
    // 400 means the token is already invalid: the connection is gone either way.
    if (response.status >= 500) {
      throw new DomainError("QB007", "the QuickBooks authorization server failed to revoke the token", {
        http_status: response.status,
      });
    }
  }

  #options(insecure: boolean): oauth.TokenEndpointRequestOptions {
    return {
      [oauth.allowInsecureRequests]: insecure,
      headers: { "x-include-refresh-token-hard-expires-in": "true" },
      signal: AbortSignal.timeout(this.#config.timeoutMs ?? 30_000),
    };
  }

  #discover(): Promise<{ as: oauth.AuthorizationServer; insecure: boolean }> {
    this.#server ??= this.#call(async () => {
      const insecure = insecureRequestsAllowed([this.#config.discoveryUrl]);
      const response = await fetch(this.#config.discoveryUrl, {
        headers: { Accept: "application/json" },
        signal: AbortSignal.timeout(this.#config.timeoutMs ?? 30_000),
      });
      const as = await oauth.processDiscoveryResponse(new URL(this.#config.issuer), response);
      // Every endpoint this server calls must be https, or loopback when the discovery document
      // itself is local. (The authorization endpoint is only opened by the user's browser.)
      const endpoints = [as.token_endpoint, as.jwks_uri, as.revocation_endpoint];
      const endpointsInsecure = insecureRequestsAllowed(endpoints.filter((url): url is string => !!url));
      if (endpointsInsecure && !insecure) {
        throw new DomainError("CONFIG_INVALID", "a remote discovery document points at plain-HTTP endpoints");
      }
      return { as, insecure: insecure || endpointsInsecure };
    }).catch((error) => {
      this.#server = null;
      throw error;
    });
    return this.#server;
  }

  async #verifyIdToken(as: oauth.AuthorizationServer, idToken: string): Promise<string> {
    if (!as.jwks_uri) throw new DomainError("CONFIG_INVALID", "the OAuth server publishes no JWKS");
    this.#jwks ??= createRemoteJWKSet(new URL(as.jwks_uri));
    try {
      const { payload } = await jwtVerify(idToken, this.#jwks, {
        issuer: as.issuer,
        audience: this.#config.clientId,
        algorithms: ["RS256"],
        currentDate: this.#config.clock.now(),
      });
      if (typeof payload.sub !== "string") throw new Error("id_token has no subject");
      return payload.sub;
    } catch (cause) {
      throw new DomainError("OAUTH_STATE_INVALID", "the ID token returned by QuickBooks is not valid", {}, {
        cause,
      });
    }
  }

  /** Maps oauth4webapi and network failures to the product's codes; never echoes tokens. */
  async #call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toDomainError(error);
    }
  }
}

function toTokenSet(response: oauth.TokenEndpointResponse, issuedAt: Date): TokenSet {
  const extra = intuitTokenFieldsSchema.safeParse(response);
  if (!extra.success || typeof response.expires_in !== "number") {
    throw new DomainError("QB007", "the QuickBooks token response lacks refresh token or expiry fields");
  }
  const after = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);
  return {
    accessToken: response.access_token,
    refreshToken: extra.data.refresh_token,
    accessTokenExpiresAt: after(response.expires_in),
    refreshTokenExpiresAt: after(extra.data.x_refresh_token_expires_in),
    refreshTokenHardExpiresAt: extra.data.x_refresh_token_hard_expires_in === undefined
      ? null
      : after(extra.data.x_refresh_token_hard_expires_in),
  };
}

function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    if (error.error === "invalid_grant") {
      return new DomainError("QB002", "QuickBooks no longer accepts this connection's grant; reconnect it", {
        oauth_error: error.error,
      }, { cause: error });
    }
    const code = error.status >= 500 ? "QB007" : "QB001";
    return new DomainError(code, `the QuickBooks authorization server refused the request (${error.error})`, {
      oauth_error: error.error,
      http_status: error.status,
    }, { cause: error });
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return new DomainError("OAUTH_STATE_INVALID", `authorization failed: ${error.error}`, {
      oauth_error: error.error,
    });
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new DomainError("QB001", "the QuickBooks authorization server rejected the client", {}, {
      cause: error,
    });
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = error.cause instanceof Response ? error.cause.status : 0;
    if (status >= 500) {
      return new DomainError("QB007", "the QuickBooks authorization server failed", { http_status: status }, {
        cause: error,
      });
    }
    return new DomainError(
      "OAUTH_STATE_INVALID",
      "the QuickBooks authorization server answered unexpectedly",
      {
        reason: error.code,
      },
      { cause: error },
    );
  }
  return new DomainError("QB007", "the QuickBooks authorization server could not be reached", {}, {
    cause: error,
  });
}
