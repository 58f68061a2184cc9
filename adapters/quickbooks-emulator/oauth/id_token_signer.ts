/**
 * Signs OpenID Connect id_tokens with an RSA key generated at start (RS256, as Intuit), and
 * publishes its public half as the JWKS. The issuer is Intuit's own, because clients such as
 * intuit-oauth compare it with a hard-coded string. The RSA key is the emulator's one value not
 * drawn from the seeded random source (WebCrypto cannot be seeded); clients fetch it from the JWKS.
 */
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import type { SeededRandom } from "../clock/seeded_random.ts";
import { INTUIT_ISSUER } from "./endpoint_paths.ts";

export interface IdTokenClaims {
  readonly clientId: string;
  readonly subject: string;
  readonly realmId?: string;
  readonly nonce?: string;
  readonly issuedAt: Date;
  readonly lifetimeSeconds: number;
}

/** jose's own key type: the DOM and node:crypto CryptoKey typings differ when both are loaded. */
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

export class IdTokenSigner {
  readonly #privateKey: SigningKey;
  readonly #publicJwk: JWK;
  readonly kid: string;

  private constructor(privateKey: SigningKey, publicJwk: JWK, kid: string) {
    this.#privateKey = privateKey;
    this.#publicJwk = publicJwk;
    this.kid = kid;
  }

  /** Generates the key pair (the key id comes from the seeded random source). */
  static async create(random: SeededRandom): Promise<IdTokenSigner> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
    const kid = "r4p5SbL2qaFehFzhj8gI" + random.string(8);
    const jwk = await exportJWK(publicKey);
    return new IdTokenSigner(
      privateKey,
      { kty: "RSA", e: jwk.e, use: "sig", kid, alg: "RS256", n: jwk.n },
      kid,
    );
  }

  /** `{"keys":[...]}` as served at the jwks_uri. */
  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.#publicJwk }] };
  }

  sign(claims: IdTokenClaims): Promise<string> {
    const iat = Math.floor(claims.issuedAt.getTime() / 1000);
    const payload: Record<string, unknown> = { auth_time: iat };
    if (claims.realmId !== undefined) payload.realmid = claims.realmId;
    if (claims.nonce !== undefined) payload.nonce = claims.nonce;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: this.kid })
      .setIssuer(INTUIT_ISSUER)
      .setSubject(claims.subject)
      .setAudience([claims.clientId])
      .setIssuedAt(iat)
      .setExpirationTime(iat + claims.lifetimeSeconds)
      .sign(this.#privateKey);
  }
}
