/**
 * The OpenID discovery document, with Intuit's field set but the emulator's own endpoint URLs.
 * The issuer stays Intuit's (see endpoint_paths.ts).
 */
import { type EmulatorUrls, INTUIT_ISSUER } from "./endpoint_paths.ts";

export function discoveryDocument(urls: EmulatorUrls): Record<string, unknown> {
  return {
    issuer: INTUIT_ISSUER,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    userinfo_endpoint: urls.userinfo,
    revocation_endpoint: urls.revoke,
    jwks_uri: urls.jwks,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "email", "profile", "address", "phone"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    claims_supported: ["aud", "exp", "iat", "iss", "realmid", "sub"],
    code_challenge_methods_supported: ["S256"],
  };
}
