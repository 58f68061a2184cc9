/**
 * Cryptographic hashing comes into the core through this port (WebCrypto in production), so the
 * domain stays free of runtime APIs and its functions stay testable with plain values.
 */
export interface Hasher {
  /** SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex characters. */
  sha256Hex(text: string): Promise<string>;
}
