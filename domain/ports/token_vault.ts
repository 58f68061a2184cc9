import type { TokenSet } from "./connection_tokens.ts";

/**
 * Seals tokens for storage and opens them again. Sealed values name the key they were sealed
 * with, so keys can rotate without losing connections: old keys stay in the ring to open old
 * values until everything has been re-sealed with the current key.
 */
export interface TokenVault {
  /** Id of the key new values are sealed with. */
  readonly currentKeyId: string;
  seal(tokens: TokenSet): Promise<{ readonly sealed: string; readonly keyId: string }>;
  /** Opens a sealed value; fails with CONFIG_INVALID when its key is not in the ring. */
  open(sealed: string): Promise<TokenSet>;
  /** Key id a sealed value was written with (read from its header, without decrypting). */
  keyIdOf(sealed: string): string;
}
