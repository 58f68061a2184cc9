import assert from "node:assert/strict";
import { JweTokenVault } from "../../../adapters/crypto/jwe_token_vault.ts";
import { parseKeyRing } from "../../../adapters/crypto/key_ring.ts";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { rotateTokenKeys } from "../../../src/connections/rotate_token_keys.ts";
import { contractSuite } from "../../support/databases.ts";
import { KEY_1, KEY_2 } from "./support/connection_stack.ts";

const NOW = "2026-11-24T04:00:00.000Z";
const tokens = (n: number) => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  accessTokenExpiresAt: new Date("2026-11-24T05:00:00.000Z"),
  refreshTokenExpiresAt: new Date("2027-03-01T00:00:00.000Z"),
  refreshTokenHardExpiresAt: null,
});

contractSuite("rotateTokenKeys", async (t, database) => {
  const connections = new SqlConnectionRepository(database.db);
  await new SqlOrganizationRepository(database.db).create({ id: "org-1", name: "Org", createdAt: NOW });
  const oldVault = new JweTokenVault(parseKeyRing(KEY_1));
  for (const [n, status] of [[1, "connected"], [2, "needs_reauthorization"]] as const) {
    await connections.save({
      id: `c${n}`,
      orgId: "org-1",
      realmId: `${n}00`,
      companyName: null,
      status,
      encryptedTokens: (await oldVault.seal(tokens(n))).sealed,
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      refreshTokenHardExpiresAt: null,
      classTrackingEnabled: false,
      locationTrackingEnabled: false,
      isDefault: n === 1,
      lastErrorCode: null,
      lastErrorMessage: null,
      lastErrorAt: null,
      connectedAt: NOW,
    }, NOW);
  }
  const newVault = new JweTokenVault(parseKeyRing(`${KEY_2},${KEY_1}`));
  const clock = { now: () => new Date(NOW) };

  await t.step("re-seals every connection with the current key, keeping the tokens", async () => {
    assert.deepEqual(await rotateTokenKeys({ connections, vault: newVault, clock }), {
      resealed: 2,
      alreadyCurrent: 0,
    });
    for (const n of [1, 2]) {
      const sealed = (await connections.get("org-1", `${n}00`))!.encryptedTokens!;
      assert.equal(newVault.keyIdOf(sealed), "k2");
      assert.deepEqual(await new JweTokenVault(parseKeyRing(KEY_2)).open(sealed), tokens(n));
    }
  });

  await t.step("is idempotent: a second run finds nothing to re-seal", async () => {
    assert.deepEqual(await rotateTokenKeys({ connections, vault: newVault, clock }), {
      resealed: 0,
      alreadyCurrent: 2,
    });
  });
});
