/**
 * Ed25519 signatures (JWS `EdDSA`, through jose) over audit checkpoints. The key ring is
 * `AUDIT_SIGNING_KEYS`: `<kid>:<base64 32-byte seed>[,...]`, newest first, parsed like the token
 * key ring; the newest signs, every key verifies, and every public key is published as a JWKS.
 */
import { CompactSign, compactVerify, decodeProtectedHeader, type JWK } from "jose";
import {
  type AuditCheckpoint,
  checkpointPayload,
  parseCheckpointPayload,
  type SignedCheckpoint,
} from "../../domain/audit/checkpoint.ts";
import type { AuditSigner, PublicJwk, SignatureProblem } from "../../domain/ports/audit_signer.ts";
import type { KeyRing } from "./key_ring.ts";

/** PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed 16-byte prefix, then the 32 bytes. */
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x04,
  0x22,
  0x04,
  0x20,
]);

interface SigningKey {
  readonly id: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly jwk: PublicJwk;
}

async function signingKey(id: string, seed: Uint8Array): Promise<SigningKey> {
  const der = new Uint8Array(PKCS8_ED25519_PREFIX.length + seed.length);
  der.set(PKCS8_ED25519_PREFIX);
  der.set(seed, PKCS8_ED25519_PREFIX.length);
  const exportable = await crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, true, ["sign"]);
  const { x } = await crypto.subtle.exportKey("jwk", exportable) as JWK;
  const privateKey = await crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, false, ["sign"]);
  const jwk = { kty: "OKP", crv: "Ed25519", x: x!, kid: id, alg: "EdDSA", use: "sig" };
  const publicKey = await crypto.subtle.importKey(
    "jwk",
    { kty: "OKP", crv: "Ed25519", x },
    { name: "Ed25519" },
    true,
    [
      "verify",
    ],
  );
  return { id, privateKey, publicKey, jwk };
}

export class Ed25519AuditSigner implements AuditSigner {
  readonly #keys: Promise<readonly SigningKey[]>;

  constructor(ring: KeyRing) {
    this.#keys = Promise.all(ring.ids.map((id) => signingKey(id, ring.find(id)!.material)));
  }

  async sign(checkpoint: AuditCheckpoint): Promise<SignedCheckpoint> {
    const [current] = await this.#keys;
    const jws = await new CompactSign(new TextEncoder().encode(checkpointPayload(checkpoint)))
      .setProtectedHeader({ alg: "EdDSA", kid: current.id, typ: "audit-checkpoint+jws" })
      .sign(current.privateKey);
    return { checkpoint, keyId: current.id, jws };
  }

  async verify(jws: string): ReturnType<AuditSigner["verify"]> {
    const fail = (problem: SignatureProblem) => ({ ok: false as const, problem });
    let kid: unknown;
    try {
      const header = decodeProtectedHeader(jws);
      if (header.alg !== "EdDSA") return fail("malformed");
      kid = header.kid;
    } catch {
      return fail("malformed");
    }
    const key = (await this.#keys).find((k) => k.id === kid);
    if (!key) return fail("unknown_key");
    let payload: Uint8Array;
    try {
      payload = (await compactVerify(jws, key.publicKey, { algorithms: ["EdDSA"] })).payload;
    } catch {
      return fail("bad_signature");
    }
    const checkpoint = parseCheckpointPayload(new TextDecoder().decode(payload));
    return checkpoint ? { ok: true, checkpoint, keyId: key.id } : fail("bad_payload");
  }

  async publicKeys(): Promise<readonly PublicJwk[]> {
    return (await this.#keys).map((k) => k.jwk);
  }
}
