/**
 * Validation of an authorize request, in the order RFC 6749 4.1.2.1 demands: an unknown client or
 * an unregistered redirect URI is shown to the user (never redirected to); any other problem is
 * sent back to the (now trusted) redirect URI as `error=...`.
 */
import type { ClientRegistry } from "./client_registry.ts";
import { parseScopes } from "./scopes.ts";

export interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state?: string;
  readonly codeChallenge?: string;
  /** OpenID Connect nonce, echoed in the id_token. */
  readonly nonce?: string;
}

export type AuthorizationRequestCheck =
  | { readonly kind: "ok"; readonly request: AuthorizationRequest }
  | { readonly kind: "show_error"; readonly message: string }
  | {
    readonly kind: "redirect_error";
    readonly redirectUri: string;
    readonly error: "invalid_request" | "invalid_scope" | "unsupported_response_type";
    readonly description: string;
    readonly state?: string;
  };

export function checkAuthorizationRequest(
  params: Record<string, string | undefined>,
  clients: ClientRegistry,
): AuthorizationRequestCheck {
  const client = clients.find(params.client_id);
  if (!client) return { kind: "show_error", message: "Unknown client_id" };
  const redirectUri = params.redirect_uri;
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return { kind: "show_error", message: "The redirect_uri is not registered for this app" };
  }
  const state = params.state;
  const fail = (
    error: "invalid_request" | "invalid_scope" | "unsupported_response_type",
    description: string,
  ): AuthorizationRequestCheck => ({ kind: "redirect_error", redirectUri, error, description, state });

  if (params.response_type !== "code") return fail("unsupported_response_type", "response_type must be code");
  const scopes = parseScopes(params.scope);
  if (!scopes) return fail("invalid_scope", "The scope is missing or names an unknown scope");
  const challenge = params.code_challenge;
  if (challenge !== undefined) {
    if ((params.code_challenge_method ?? "plain") !== "S256") {
      return fail("invalid_request", "code_challenge_method must be S256");
    }
    if (!/^[A-Za-z0-9\-_]{43}$/.test(challenge)) return fail("invalid_request", "Malformed code_challenge");
  }
  return {
    kind: "ok",
    request: {
      clientId: client.clientId,
      redirectUri,
      scopes,
      state,
      codeChallenge: challenge,
      nonce: params.nonce,
    },
  };
}

/** Appends query parameters to a redirect URI, keeping any it already has. */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.toString();
}
