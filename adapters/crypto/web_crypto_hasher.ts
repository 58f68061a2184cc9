import type { Hasher } from "../../domain/ports/hasher.ts";

/** SHA-256 through WebCrypto (the audit chain's hash). */
export const webCryptoHasher: Hasher = {
  async sha256Hex(text: string): Promise<string> {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  },
};
