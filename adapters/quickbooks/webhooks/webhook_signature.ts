/**
 * `intuit-signature` = base64(HMAC-SHA256(verifier token, raw body bytes)). Verification goes
 * through WebCrypto's `verify`, which compares in constant time, over the exact bytes received
 * (never a re-serialized JSON).
 */
export class WebhookSignatureVerifier {
  readonly #key: Promise<CryptoKey>;

  constructor(verifierToken: string) {
    this.#key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(verifierToken),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
  }

  async verify(rawBody: Uint8Array, signature: string): Promise<boolean> {
    const provided = decodeBase64(signature);
    if (provided === null || provided.length !== 32) return false;
    return crypto.subtle.verify("HMAC", await this.#key, provided, new Uint8Array(rawBody));
  }

  /** The signature QBO would send for `rawBody` (used by tests and the emulator's peers). */
  async sign(rawBody: Uint8Array): Promise<string> {
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await this.#key, new Uint8Array(rawBody)));
    return btoa(String.fromCharCode(...mac));
  }
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text.trim()), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
