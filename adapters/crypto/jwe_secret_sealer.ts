import { compactDecrypt, CompactEncrypt, decodeProtectedHeader } from "jose";
import { DomainError } from "../../domain/errors.ts";
import type { SecretSealer } from "../../domain/ports/webhook_signing.ts";
import type { KeyRing } from "./key_ring.ts";

const CONTENT_TYPE = "ec-secret";

/**
 * Seals secrets (webhook signing secrets) as the token vault seals tokens: JWE compact, `dir` +
 * A256GCM under the current key of the token key ring, its id in the authenticated header, so
 * TOKEN_ENCRYPTION_KEYS rotation covers them too.
 */
export class JweSecretSealer implements SecretSealer {
  readonly #ring: KeyRing;

  constructor(ring: KeyRing) {
    this.#ring = ring;
  }

  async seal(plain: string): Promise<string> {
    const key = this.#ring.current;
    return await new CompactEncrypt(new TextEncoder().encode(plain))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: key.id, cty: CONTENT_TYPE })
      .encrypt(key.material);
  }

  async open(sealed: string): Promise<string> {
    const header = decodeProtectedHeader(sealed);
    const key = typeof header.kid === "string" ? this.#ring.find(header.kid) : undefined;
    if (!key || header.cty !== CONTENT_TYPE) {
      throw new DomainError(
        "CONFIG_INVALID",
        "a stored secret was sealed with a key that is not in the key ring",
        {
          key_id: header.kid ?? null,
        },
      );
    }
    let plaintext: Uint8Array;
    try {
      ({ plaintext } = await compactDecrypt(sealed, key.material, {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      }));
    } catch (cause) {
      throw new DomainError("CONFIG_INVALID", "a stored secret could not be decrypted", { key_id: key.id }, {
        cause,
      });
    }
    return new TextDecoder().decode(plaintext);
  }
}
