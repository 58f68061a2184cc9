/** The apps registered with the emulated developer portal, and how they authenticate. */
import type { RegisteredClient } from "../config.ts";
import { OAuthProtocolError } from "./oauth_error.ts";

export class ClientRegistry {
  readonly #clients: ReadonlyMap<string, RegisteredClient>;

  constructor(clients: readonly RegisteredClient[]) {
    this.#clients = new Map(clients.map((c) => [c.clientId, c]));
  }

  find(clientId: string | undefined): RegisteredClient | undefined {
    return clientId === undefined ? undefined : this.#clients.get(clientId);
  }

  all(): RegisteredClient[] {
    return [...this.#clients.values()];
  }

  /**
   * Client authentication at the token and revoke endpoints: HTTP Basic (client_secret_basic) or
   * `client_id` + `client_secret` form fields (client_secret_post). Throws `invalid_client` (401).
   */
  authenticate(authorizationHeader: string | undefined, form: Record<string, string>): RegisteredClient {
    let clientId = form.client_id;
    let clientSecret = form.client_secret;
    if (authorizationHeader && /^Basic\s+/i.test(authorizationHeader)) {
      const decoded = decodeBasic(authorizationHeader.replace(/^Basic\s+/i, "").trim());
      if (!decoded) throw new OAuthProtocolError("invalid_client", "Malformed Basic authorization header");
      [clientId, clientSecret] = decoded;
    }
    if (!clientId || !clientSecret) {
      throw new OAuthProtocolError("invalid_client", "Client authentication is required");
    }
    const client = this.#clients.get(clientId);
    if (!client || client.clientSecret !== clientSecret) {
      throw new OAuthProtocolError("invalid_client", "Client authentication failed");
    }
    return client;
  }
}

function decodeBasic(encoded: string): [string, string] | undefined {
  let text: string;
  try {
    text = new TextDecoder().decode(Uint8Array.from(atob(encoded), (ch) => ch.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  // RFC 6749 2.3.1: both parts are form-urlencoded before base64.
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
  try {
    return [decode(text.slice(0, colon)), decode(text.slice(colon + 1))];
  } catch {
    return [text.slice(0, colon), text.slice(colon + 1)];
  }
}
