import { API_KEY_PREFIXES } from "../../domain/access/api_key.ts";
import type { ApiKeySecrets, IssuedApiKeySecret } from "../../domain/ports/api_key_secrets.ts";

const LOOKUP_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function fromHex(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-f]{2})+$/.test(text)) return null;
  return new Uint8Array(text.match(/../g)!.map((pair) => parseInt(pair, 16)));
}

/**
 * API key secrets with WebCrypto: 32 random bytes of secret and a 16-character lookup part, made
 * with `crypto.getRandomValues`; the digest is HMAC-SHA-256 of the whole key under the server's
 * pepper (API_KEY_PEPPER), checked with `crypto.subtle.verify` (constant time).
 */
export async function hmacApiKeySecrets(
  options: { readonly pepper: string; readonly environment: keyof typeof API_KEY_PREFIXES },
): Promise<ApiKeySecrets> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(options.pepper),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const digestOf = async (text: string) =>
    hex(new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text))));
  return {
    async issue(): Promise<IssuedApiKeySecret> {
      // 36 symbols from bytes below 252 (7 x 36) keep the lookup part uniform.
      const lookup: string[] = [];
      while (lookup.length < 16) {
        for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
          if (byte < 252 && lookup.length < 16) lookup.push(LOOKUP_ALPHABET[byte % 36]);
        }
      }
      const prefix = `${API_KEY_PREFIXES[options.environment]}${lookup.join("")}`;
      const whole = `${prefix}_${base64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
      return { key: whole, lookup: lookup.join(""), prefix, digest: await digestOf(whole) };
    },
    async matches(candidate: string, digest: string): Promise<boolean> {
      const expected = fromHex(digest);
      if (expected === null) return false;
      return await crypto.subtle.verify("HMAC", key, expected, new TextEncoder().encode(candidate));
    },
  };
}
