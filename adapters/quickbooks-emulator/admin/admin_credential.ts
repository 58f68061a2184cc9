/**
 * The admin API's credential: every `/_emulator` request carries the admin token, as
 * `Authorization: Bearer <token>` or `X-Emulator-Admin-Token: <token>`. The admin API can reset
 * companies, move the clock and browse books without a QuickBooks token, so it is never open.
 */
import type { MiddlewareHandler } from "hono";

export const ADMIN_TOKEN_HEADER = "x-emulator-admin-token";

/** A new admin token: 32 random bytes, base64url (the emulator's seeded randomness is guessable). */
export function newAdminToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Answers 401 unless the request carries `token`. */
export function requireAdminToken(token: string): MiddlewareHandler {
  const expected = new TextEncoder().encode(token);
  return async (c, next) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const presented = bearer ?? c.req.header(ADMIN_TOKEN_HEADER)?.trim() ?? "";
    if (!sameBytes(new TextEncoder().encode(presented), expected)) {
      c.header("WWW-Authenticate", 'Bearer realm="qbo-emulator-admin"');
      return c.json({
        error: "unauthorized",
        message: presented === ""
          ? "the emulator's admin API needs its admin token (Authorization: Bearer <token> or X-Emulator-Admin-Token)"
          : "the admin token is not the emulator's",
      }, 401);
    }
    await next();
  };
}

/** Compares without stopping at the first difference (the time taken says nothing about the token). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i] ?? 0) ^ b[i];
  return difference === 0;
}
