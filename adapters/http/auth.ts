import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify } from "jose";
import type { MiddlewareHandler } from "hono";
import { DomainError } from "../../domain/errors.ts";
import type { ApiEnv, Principal } from "./api_types.ts";

export type { Principal };

export type JwtVerifierConfig =
  | { readonly kind: "hs256"; readonly secret: string; readonly issuer?: string; readonly audience?: string }
  | { readonly kind: "jwks"; readonly jwksUrl: string; readonly issuer?: string; readonly audience?: string };

/** Verifies a bearer JWT and returns the principal, or throws a DomainError with an AUTH_* code. */
export type TokenVerifier = (token: string) => Promise<Principal>;

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
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new DomainError("AUTH_TOKEN_EXPIRED", "The access token has expired");
      }
      throw new DomainError("AUTH_INVALID_TOKEN", "The access token is invalid", {
        reason: error instanceof joseErrors.JOSEError ? error.code : "unverifiable",
      });
    }
    return principalFromClaims(payload);
  };
}

function principalFromClaims(payload: JWTPayload): Principal {
  const { sub, org, role } = payload as JWTPayload & {
    org?: unknown;
    role?: unknown;
    property_ids?: unknown;
  };
  const missing = [
    typeof sub === "string" && sub ? null : "sub",
    typeof org === "string" && org ? null : "org",
    typeof role === "string" && role ? null : "role",
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new DomainError(
      "AUTH_INVALID_TOKEN",
      `The access token lacks required claims: ${missing.join(", ")}`,
      {
        missing_claims: missing,
      },
    );
  }
  const propertyIds = (payload as { property_ids?: unknown }).property_ids;
  return {
    userId: sub as string,
    orgId: org as string,
    role: role as string,
    ...(Array.isArray(propertyIds) ? { propertyIds: propertyIds.map(String) } : {}),
  };
}

/** Requires `Authorization: Bearer <JWT>` and stores the principal in the context. */
export function requireAuth(verify: TokenVerifier): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) throw new DomainError("AUTH_MISSING_TOKEN", "Authorization: Bearer <token> is required");
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new DomainError("AUTH_INVALID_TOKEN", "The Authorization header must be 'Bearer <token>'");
    }
    c.set("principal", await verify(match[1]));
    await next();
  };
}

/** Throws ORG_ACCESS_DENIED unless the principal belongs to `orgId`. */
export function assertSameOrg(principal: Principal, orgId: string): void {
  if (principal.orgId !== orgId) {
    throw new DomainError("ORG_ACCESS_DENIED", "This organization's data is not accessible with this token", {
      org_id: orgId,
    });
  }
}
