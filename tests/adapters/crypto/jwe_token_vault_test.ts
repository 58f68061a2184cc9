import assert from "node:assert/strict";
import { JweTokenVault } from "../../../adapters/crypto/jwe_token_vault.ts";
import { parseKeyRing } from "../../../adapters/crypto/key_ring.ts";
import { isDomainError } from "../../../domain/errors.ts";
import type { TokenSet } from "../../../domain/ports/connection_tokens.ts";

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));
const tokens: TokenSet = {
  accessToken: "access-SECRET-123",
  refreshToken: "refresh-SECRET-456",
  accessTokenExpiresAt: new Date("2026-11-24T05:00:00.000Z"),
  refreshTokenExpiresAt: new Date("2027-03-04T04:00:00.000Z"),
  refreshTokenHardExpiresAt: null,
};

Deno.test("JweTokenVault.seal produces a dir/A256GCM JWE that hides the tokens and opens back", async () => {
  const vault = new JweTokenVault(parseKeyRing(`k1:${key(7)}`));
  const { sealed, keyId } = await vault.seal(tokens);
  assert.equal(keyId, "k1");
  assert.equal(sealed.split(".").length, 5);
  assert.ok(!sealed.includes("SECRET"));
  const header = JSON.parse(atob(sealed.split(".")[0].replaceAll("-", "+").replaceAll("_", "/")));
  assert.deepEqual([header.alg, header.enc, header.kid], ["dir", "A256GCM", "k1"]);
  assert.deepEqual(await vault.open(sealed), tokens);
  assert.equal(vault.keyIdOf(sealed), "k1");
});

Deno.test("JweTokenVault.open reads values sealed with an older key after rotation", async () => {
  const before = new JweTokenVault(parseKeyRing(`k1:${key(7)}`));
  const { sealed } = await before.seal({
    ...tokens,
    refreshTokenHardExpiresAt: new Date("2031-01-01T00:00:00Z"),
  });
  const after = new JweTokenVault(parseKeyRing(`k2:${key(9)},k1:${key(7)}`));
  assert.equal(after.currentKeyId, "k2");
  assert.equal(
    (await after.open(sealed)).refreshTokenHardExpiresAt?.toISOString(),
    "2031-01-01T00:00:00.000Z",
  );
  const resealed = await after.seal(await after.open(sealed));
  assert.equal(after.keyIdOf(resealed.sealed), "k2");
});

Deno.test("JweTokenVault.open fails with CONFIG_INVALID for unknown keys and tampered values", async () => {
  const vault = new JweTokenVault(parseKeyRing(`k1:${key(7)}`));
  const { sealed } = await vault.seal(tokens);
  const stranger = new JweTokenVault(parseKeyRing(`k9:${key(3)}`));
  await assert.rejects(
    stranger.open(sealed),
    (error) => isDomainError(error) && error.code === "CONFIG_INVALID",
  );
  const parts = sealed.split(".");
  const tag = parts[4];
  parts[4] = (tag[0] === "A" ? "B" : "A") + tag.slice(1);
  await assert.rejects(vault.open(parts.join(".")), (error) => {
    return isDomainError(error) && error.code === "CONFIG_INVALID" && !error.message.includes("SECRET");
  });
  assert.throws(
    () => vault.keyIdOf("not-a-jwe"),
    (error) =>
      isDomainError(error) && error.code === "CONFIG_INVALID" &&
      error.message === "stored tokens are not a sealed token set",
  );
});
