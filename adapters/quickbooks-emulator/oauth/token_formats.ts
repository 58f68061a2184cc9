/**
 * Shapes of the opaque strings the emulator hands out, modelled on what Intuit issues:
 * codes and refresh tokens are "AB11" + 46 characters; access tokens look like a compact JWE
 * ("eyJlbmMi...") of about 400 characters. Clients must treat them as opaque; the shapes only
 * make logs and length checks look familiar.
 */
import type { SeededRandom } from "../clock/seeded_random.ts";

const JWE_HEADER = "eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0";
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Bearer tokens outside these lengths are "Malformed bearer token: too short or too long". */
export const BEARER_TOKEN_MIN_LENGTH = 20;
export const BEARER_TOKEN_MAX_LENGTH = 4096;

export function newAuthorizationCode(random: SeededRandom): string {
  return "AB11" + random.string(46);
}

export function newRefreshToken(random: SeededRandom): string {
  return "AB11" + random.string(46);
}

export function newAccessToken(random: SeededRandom): string {
  return `${JWE_HEADER}..${random.string(22, B64URL)}.${random.string(320, B64URL)}.${
    random.string(22, B64URL)
  }`;
}
