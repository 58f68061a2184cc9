import type { Hasher } from "../../domain/ports/hasher.ts";

/** SHA-256 through the platform's WebCrypto (Deno, edge runtimes). */
export const webCryptoHasher: Hasher = {
  async sha256Hex(text: string): Promise<string> {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  },
};
