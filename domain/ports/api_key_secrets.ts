/** A new key secret: the whole key (shown once, never stored), its lookup part and its digest. */
export interface IssuedApiKeySecret {
  readonly key: string;
  readonly lookup: string;
  /** `eck_live_<lookup>`: what lists show. */
  readonly prefix: string;
  readonly digest: string;
}

/**
 * Key secrets come into the product through this port: randomness to make them, and a keyed digest
 * (HMAC with a server-side pepper) so that what the database holds cannot be used as a key or
 * checked against guesses without the pepper. `matches` compares in constant time.
 */
export interface ApiKeySecrets {
  issue(): Promise<IssuedApiKeySecret>;
  matches(key: string, digest: string): Promise<boolean>;
}
