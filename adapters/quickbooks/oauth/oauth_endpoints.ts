import { DomainError } from "../../../domain/errors.ts";

/** Intuit's OpenID issuer; the emulator keeps it too, only its endpoints are local. */
export const INTUIT_ISSUER = "https://oauth.platform.intuit.com/op/v1";

export const INTUIT_DISCOVERY_URLS = {
  sandbox: "https://developer.intuit.com/.well-known/openid_sandbox_configuration",
  production: "https://developer.intuit.com/.well-known/openid_configuration",
} as const;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** True for `http(s)://127.0.0.1|localhost|[::1]` URLs (a local emulator). */
export function isLoopbackUrl(url: string | URL): boolean {
  const parsed = new URL(url);
  return LOOPBACK_HOSTS.has(parsed.hostname);
}

/**
 * oauth4webapi refuses plain-HTTP endpoints. Allowing them is safe only for a loopback emulator:
 * a configured Intuit host, or any other remote host, must use HTTPS, whatever the configuration
 * says, so a typo can never send credentials in clear text.
 */
export function insecureRequestsAllowed(urls: readonly (string | URL)[]): boolean {
  let insecure = false;
  for (const url of urls) {
    const parsed = new URL(url);
    if (parsed.protocol === "https:") continue;
    if (parsed.protocol !== "http:" || !isLoopbackUrl(parsed)) {
      throw new DomainError(
        "CONFIG_INVALID",
        "OAuth endpoints must use https unless they are a loopback emulator",
        {
          url: parsed.origin,
        },
      );
    }
    insecure = true;
  }
  return insecure;
}
