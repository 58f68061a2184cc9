/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): a library at the edge signs,
 * so the product never holds HMAC code of its own.
 */
export interface WebhookSigning {
  /** A new signing secret: `whsec_` and the base64 of 24 or more random bytes. */
  newSecret(): string;
  /** The `webhook-signature` value (`v1,<base64>`) of `body` for message `id` sent at `at`. */
  sign(secret: string, id: string, at: Date, body: string): string;
}

/** Seals a secret for storage and opens it again (the token vault's keys). */
export interface SecretSealer {
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}
