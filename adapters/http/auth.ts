import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify } from "jose";
import type { Context, MiddlewareHandler } from "hono";
import { looksLikeApiKey } from "../../domain/access/api_key.ts";
import { DomainError } from "../../domain/errors.ts";
import { RoleSchema } from "../../domain/access/roles.ts";
import type { ApiEnv, Caller } from "./api_types.ts";
import type { ClientAddress } from "./client_address.ts";

export type JwtVerifierConfig =
  | { readonly kind: "hs256"; readonly secret: string; readonly issuer?: string; readonly audience?: string }
  | { readonly kind: "jwks"; readonly jwksUrl: string; readonly issuer?: string; readonly audience?: string };

/** Verifies a bearer JWT and returns the caller, or throws a DomainError with an AUTH_* code. */
export type TokenVerifier = (token: string) => Promise<Caller>;

/** Builds a verifier: HS256 with a shared secret, or RS256/ES256 keys from a JWKS URL. */
export function createTokenVerifier(
  config: JwtVerifierConfig,
  now: () => Date = () => new Date(),
): TokenVerifier {
  const key = config.kind === "hs256"
    ? new TextEncoder().encode(config.secret)
    : createRemoteJWKSet(new URL(config.jwksUrl));
  const algorithms = config.kind === "hs256" ? ["HS256"] : ["RS256", "ES256"];
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        algorithms,
        issuer: config.issuer,
        audience: config.audience,
        currentDate: now(),
        requiredClaims: ["exp"],
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new DomainError("AUTH_TOKEN_EXPIRED", "The access token has expired");
      }
      throw new DomainError("AUTH_INVALID_TOKEN", "The access token is invalid", {
        reason: error instanceof joseErrors.JOSEError ? error.code : "unverifiable",
      });
    }
    return callerFromClaims(payload, now());
  };
}

/** How far a token's `iat` or `nbf` may lie ahead of our clock (clocks drift a little). */
export const CLOCK_SKEW_SECONDS = 60;

const refuse = (reason: string, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError("AUTH_INVALID_TOKEN", message, { reason, ...details });
};

/**
 * The Caller a verified token stands for. Every claim the access model reads must be well formed:
 * `sub` and `org` non-empty strings, `role` one of the policy's roles (exactly as spelled),
 * `property_ids` absent or a list of non-empty ids, `iat` not ahead of our clock. A token that
 * says anything else is refused (AUTH_INVALID_TOKEN with the reason), never read as some default
 * or as "no restriction".
 */
export function callerFromClaims(payload: JWTPayload, now: Date): Caller {
  const { sub, org, role, iat } = payload as JWTPayload & { org?: unknown; role?: unknown };
  const missing = [
    typeof sub === "string" && sub ? null : "sub",
    typeof org === "string" && org ? null : "org",
    typeof role === "string" && role ? null : "role",
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    refuse("missing_claims", `The access token lacks required claims: ${missing.join(", ")}`, {
      missing_claims: missing,
    });
  }
  const knownRole = RoleSchema.safeParse(role);
  if (!knownRole.success) {
    refuse("unknown_role", `The access token's role '${String(role)}' is not a known role`, {
      role,
      roles: RoleSchema.options,
    });
  }
  if (typeof iat === "number" && iat > now.getTime() / 1000 + CLOCK_SKEW_SECONDS) {
    refuse("issued_in_future", "The access token was issued in the future", { iat });
  }
  const raw = (payload as { property_ids?: unknown }).property_ids;
  if (raw !== undefined && (!Array.isArray(raw) || raw.some((id) => typeof id !== "string" || id === ""))) {
    refuse(
      "malformed_property_scope",
      "The access token's property_ids claim must be a list of property ids",
    );
  }
  return {
    userId: sub as string,
    orgId: org as string,
    role: knownRole.data!,
    ...(raw !== undefined ? { propertyIds: [...new Set(raw as string[])] } : {}),
  };
}

/** How requests authenticate: a user's JWT (narrowed by the user's stored grant) or an API key. */
export interface Authentication {
  readonly verifyToken: TokenVerifier;
  /** The caller a verified token stands for once its user's stored grant applies (absent: the token's). */
  readonly narrowCaller?: (caller: Caller) => Promise<Caller>;
  /** Authenticates an API key used from `clientAddress` (absent: keys are refused as invalid tokens). */
  readonly authenticateApiKey?: (
    key: string,
    clientAddress: string | null,
    requestId: string,
  ) => Promise<Caller>;
  readonly clientAddress?: ClientAddress;
  /**
   * Told of each failed authentication (401) with the client's address; may answer it with a
   * refusal of its own instead (RATE_LIMITED once an address fails too often).
   */
  readonly onFailure?: (c: Context<ApiEnv>, clientAddress: string | null) => Promise<void>;
}

const AUTHENTICATION_FAILURES = new Set(["AUTH_MISSING_TOKEN", "AUTH_INVALID_TOKEN", "AUTH_TOKEN_EXPIRED"]);

/**
 * Requires a credential and stores its caller in the context: `Authorization: Bearer <JWT>`, or an
 * API key as `Authorization: Bearer eck_...` or `X-API-Key: eck_...` (one credential per request;
 * both headers at once are refused, AUTH_INVALID_TOKEN `several_credentials`).
 */
export function requireAuth(auth: Authentication | TokenVerifier): MiddlewareHandler<ApiEnv> {
  const { verifyToken, narrowCaller, authenticateApiKey, clientAddress, onFailure } =
    typeof auth === "function" ? { verifyToken: auth } as Authentication : auth;
  const identify = async (c: Context<ApiEnv>): Promise<Caller> => {
    const header = c.req.header("authorization");
    const apiKeyHeader = c.req.header("x-api-key");
    if (header && apiKeyHeader !== undefined) {
      throw new DomainError("AUTH_INVALID_TOKEN", "Send either Authorization or X-API-Key, not both", {
        reason: "several_credentials",
      });
    }
    let credential: string;
    if (apiKeyHeader !== undefined) {
      credential = apiKeyHeader.trim();
      if (!looksLikeApiKey(credential)) {
        throw new DomainError("AUTH_INVALID_TOKEN", "X-API-Key must carry an API key (eck_...)", {
          reason: "malformed_api_key",
        });
      }
    } else {
      if (!header) throw new DomainError("AUTH_MISSING_TOKEN", "Authorization: Bearer <token> is required");
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) {
        throw new DomainError("AUTH_INVALID_TOKEN", "The Authorization header must be 'Bearer <token>'");
      }
      credential = match[1];
    }
    if (looksLikeApiKey(credential)) {
      if (!authenticateApiKey) {
        throw new DomainError("AUTH_INVALID_TOKEN", "API keys are not accepted here", {
          reason: "api_keys_disabled",
        });
      }
      return await authenticateApiKey(credential, clientAddress?.(c) ?? null, c.get("requestId"));
    }
    const caller = await verifyToken(credential);
    return narrowCaller ? await narrowCaller(caller) : caller;
  };
  return async (c, next) => {
    let caller: Caller;
    try {
      caller = await identify(c);
    } catch (error) {
      if (onFailure && error instanceof DomainError && AUTHENTICATION_FAILURES.has(error.code)) {
        await onFailure(c, clientAddress?.(c) ?? null);
      }
      throw error;
    }
    c.set("caller", caller);
    await next();
  };
}
