import type { AuditCheckpoint, SignedCheckpoint } from "../audit/checkpoint.ts";

/** A public key a verifier needs, as a JWK (`kty`, `crv`, `x`, `kid`, `alg`, `use`). */
export type PublicJwk = Readonly<Record<string, string>>;

/** Why a signed checkpoint is not accepted. */
export type SignatureProblem = "malformed" | "unknown_key" | "bad_signature" | "bad_payload";

/**
 * Signs audit checkpoints with the newest key of a ring and verifies them with any key of it, old
 * ones included (rotated keys stay published so old checkpoints still verify).
 */
export interface AuditSigner {
  sign(checkpoint: AuditCheckpoint): Promise<SignedCheckpoint>;
  verify(
    jws: string,
  ): Promise<
    | { readonly ok: true; readonly checkpoint: AuditCheckpoint; readonly keyId: string }
    | { readonly ok: false; readonly problem: SignatureProblem }
  >;
  /** Every public key of the ring, newest first, as a JWKS `keys` array. */
  publicKeys(): Promise<readonly PublicJwk[]>;
}
