import { Webhook } from "standardwebhooks";
import type { WebhookSigning } from "../../domain/ports/webhook_signing.ts";

/** Random bytes in a new signing secret (Standard Webhooks asks for 24 to 64). */
const SECRET_BYTES = 32;

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Standard Webhooks signing with the `standardwebhooks` library (npm), the same one receivers
 * verify with: `v1,` and the base64 HMAC-SHA-256 of `<id>.<timestamp>.<body>` under the secret.
 * Secrets come from the platform's cryptographic random generator.
 */
export const standardWebhooksSigning: WebhookSigning = {
  newSecret: () => `whsec_${base64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`,
  sign: (secret, id, at, body) => new Webhook(secret).sign(id, at, body),
};
