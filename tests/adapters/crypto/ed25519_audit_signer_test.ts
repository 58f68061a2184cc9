import assert from "node:assert/strict";
import { compactVerify, createLocalJWKSet } from "jose";
import { Ed25519AuditSigner } from "../../../adapters/crypto/ed25519_audit_signer.ts";
import { parseKeyRing } from "../../../adapters/crypto/key_ring.ts";
import { type AuditCheckpoint, checkpointPayload } from "../../../domain/audit/checkpoint.ts";

const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const b64url = (bytes: Uint8Array) =>
  b64(bytes).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
// RFC 8032, section 7.1, test 1: the secret key and the public key it gives.
const RFC_SEED = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const RFC_PUBLIC = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
const OTHER_SEED = crypto.getRandomValues(new Uint8Array(32));

const CHECKPOINT: AuditCheckpoint = {
  orgId: "org-1",
  seq: 42,
  hash: "a".repeat(64),
  at: "2026-12-04T01:00:00.000Z",
  purpose: "on_demand",
};

Deno.test("Ed25519AuditSigner: the public key is RFC 8032's for its seed; the JWKS verifies a signature with jose alone", async () => {
  const signer = new Ed25519AuditSigner(parseKeyRing(`k1:${b64(RFC_SEED)}`));
  const [jwk] = await signer.publicKeys();
  assert.deepEqual(jwk, {
    kty: "OKP",
    crv: "Ed25519",
    x: b64url(RFC_PUBLIC),
    kid: "k1",
    alg: "EdDSA",
    use: "sig",
  });
  const signed = await signer.sign(CHECKPOINT);
  assert.equal(signed.keyId, "k1");
  const jwks = createLocalJWKSet({ keys: [...(await signer.publicKeys())] });
  const { payload, protectedHeader } = await compactVerify(signed.jws, jwks);
  assert.equal(new TextDecoder().decode(payload), checkpointPayload(CHECKPOINT));
  assert.equal(protectedHeader.kid, "k1");
  assert.deepEqual(await signer.verify(signed.jws), { ok: true, checkpoint: CHECKPOINT, keyId: "k1" });
});

Deno.test("Ed25519AuditSigner: a changed payload, another key, an unknown key id and garbage are refused", async () => {
  const signer = new Ed25519AuditSigner(parseKeyRing(`k1:${b64(RFC_SEED)}`));
  const { jws } = await signer.sign(CHECKPOINT);
  const [header, , signature] = jws.split(".");
  const forgedPayload = b64url(new TextEncoder().encode(checkpointPayload({ ...CHECKPOINT, seq: 43 })));
  assert.deepEqual(await signer.verify(`${header}.${forgedPayload}.${signature}`), {
    ok: false,
    problem: "bad_signature",
  });
  const impostor = new Ed25519AuditSigner(parseKeyRing(`k1:${b64(OTHER_SEED)}`));
  assert.deepEqual(await signer.verify((await impostor.sign(CHECKPOINT)).jws), {
    ok: false,
    problem: "bad_signature",
  });
  const stranger = new Ed25519AuditSigner(parseKeyRing(`k9:${b64(OTHER_SEED)}`));
  assert.deepEqual(await signer.verify((await stranger.sign(CHECKPOINT)).jws), {
    ok: false,
    problem: "unknown_key",
  });
  for (const garbage of ["", "a.b.c", "not a jws", `${header}.${forgedPayload}`]) {
    const result = await signer.verify(garbage);
    assert.equal(result.ok, false, garbage);
  }
});

Deno.test("Ed25519AuditSigner: after a rotation the new key signs and checkpoints of the old one still verify", async () => {
  const before = new Ed25519AuditSigner(parseKeyRing(`k1:${b64(RFC_SEED)}`));
  const old = await before.sign(CHECKPOINT);
  const after = new Ed25519AuditSigner(parseKeyRing(`k2:${b64(OTHER_SEED)},k1:${b64(RFC_SEED)}`));
  assert.equal((await after.sign(CHECKPOINT)).keyId, "k2");
  assert.deepEqual(await after.verify(old.jws), { ok: true, checkpoint: CHECKPOINT, keyId: "k1" });
  assert.deepEqual((await after.publicKeys()).map((k) => k.kid), ["k2", "k1"]);
  const dropped = new Ed25519AuditSigner(parseKeyRing(`k2:${b64(OTHER_SEED)}`));
  assert.deepEqual(await dropped.verify(old.jws), { ok: false, problem: "unknown_key" });
});
