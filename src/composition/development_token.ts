import { SignJWT } from "jose";

/** Who the development token speaks for: `task start` registers its organization, `task token` signs it. */
export const DEVELOPMENT_CALLER = { sub: "dev-user", org: "dev-org", role: "admin" } as const;

/** Signs a development bearer token (HS256) so a fresh checkout can call the API at once. */
export function signDevelopmentToken(
  secret: string,
  claims: { sub: string; org: string; role: string },
  now: Date,
  ttlSeconds = 30 * 24 * 3600,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ org: claims.org, role: claims.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
