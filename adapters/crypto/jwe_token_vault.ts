import { compactDecrypt, CompactEncrypt, decodeProtectedHeader } from "jose";
import { z } from "zod";
import { DomainError } from "../../domain/errors.ts";
import type { TokenSet } from "../../domain/ports/connection_tokens.ts";
import type { TokenVault } from "../../domain/ports/token_vault.ts";
import type { KeyRing } from "./key_ring.ts";

/** Plaintext inside the JWE; dates as ISO strings. Versioned so the shape can evolve. */
const sealedPayloadSchema = z.object({
  v: z.literal(1),
  at: z.string(),
  rt: z.string(),
  at_exp: z.iso.datetime(),
  rt_exp: z.iso.datetime(),
  rt_hard_exp: z.iso.datetime().nullable(),
});

/**
 * Token vault sealing with JWE compact serialization, `alg: dir` + `enc: A256GCM`, the key id in
 * the protected header (authenticated, so it cannot be swapped without failing decryption).
 */
export class JweTokenVault implements TokenVault {
  readonly #ring: KeyRing;

  constructor(ring: KeyRing) {
    this.#ring = ring;
  }

  get currentKeyId(): string {
    return this.#ring.current.id;
  }

  async seal(tokens: TokenSet): Promise<{ sealed: string; keyId: string }> {
    const key = this.#ring.current;
    const payload = {
      v: 1,
      at: tokens.accessToken,
      rt: tokens.refreshToken,
      at_exp: tokens.accessTokenExpiresAt.toISOString(),
      rt_exp: tokens.refreshTokenExpiresAt.toISOString(),
      rt_hard_exp: tokens.refreshTokenHardExpiresAt?.toISOString() ?? null,
    };
    const sealed = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: key.id, cty: "ec-qbo-tokens" })
      .encrypt(key.material);
    return { sealed, keyId: key.id };
  }

  async open(sealed: string): Promise<TokenSet> {
    const keyId = this.keyIdOf(sealed);
    const key = this.#ring.find(keyId);
    if (!key) {
      throw new DomainError(
        "CONFIG_INVALID",
        "stored tokens were sealed with a key that is not in the key ring",
        {
          key_id: keyId,
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
      // No cause message: jose errors never carry plaintext, but keep the surface minimal.
      throw new DomainError("CONFIG_INVALID", "stored tokens could not be decrypted", { key_id: keyId }, {
        cause,
      });
    }
    const parsed = sealedPayloadSchema.safeParse(JSON.parse(new TextDecoder().decode(plaintext)));
    if (!parsed.success) {
      throw new DomainError("CONFIG_INVALID", "stored tokens have an unknown shape", { key_id: keyId });
    }
    const value = parsed.data;
    return {
      accessToken: value.at,
      refreshToken: value.rt,
      accessTokenExpiresAt: new Date(value.at_exp),
      refreshTokenExpiresAt: new Date(value.rt_exp),
      refreshTokenHardExpiresAt: value.rt_hard_exp === null ? null : new Date(value.rt_hard_exp),
    };
  }

  keyIdOf(sealed: string): string {
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(sealed).kid;
    } catch {
      kid = undefined;
    }
    if (typeof kid !== "string") {
      throw new DomainError("CONFIG_INVALID", "stored tokens are not a sealed token set");
    }
    return kid;
  }
}
