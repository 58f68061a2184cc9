import assert from "node:assert/strict";
import { SqlOAuthStateStore } from "../../../adapters/persistence/repositories/oauth_state_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const pending = (state: string, expiresAt: string, returnUrl: string | null = null) => ({
  state,
  organizationId: "org-1",
  userId: "user-1",
  codeVerifier: "verifier-abc",
  expiresAt: new Date(expiresAt),
  returnUrl,
});

contractSuite("OAuthStateStore contract", async (t, database) => {
  const store = new SqlOAuthStateStore(database);

  await t.step("consume returns the saved record once, then null (single use)", async () => {
    await store.save(pending("state-1", "2026-11-24T05:00:00.000Z"));
    const first = await store.consume("state-1");
    assert.deepEqual(first, pending("state-1", "2026-11-24T05:00:00.000Z"));
    assert.equal(await store.consume("state-1"), null);
    assert.equal(await store.consume("never-issued"), null);
  });

  await t.step("the return URL is kept with the state, at full length", async () => {
    const long = `https://app.example.com/settings/quickbooks?${"q".repeat(1990)}`;
    await store.save(pending("state-r", "2026-11-24T05:00:00.000Z", long));
    assert.deepEqual(await store.consume("state-r"), pending("state-r", "2026-11-24T05:00:00.000Z", long));
  });

  await t.step("concurrent consumers: exactly one gets the record", async () => {
    await store.save(pending("state-2", "2026-11-24T05:00:00.000Z"));
    const results = await Promise.all([
      store.consume("state-2"),
      store.consume("state-2"),
      store.consume("state-2"),
    ]);
    assert.equal(results.filter((r) => r !== null).length, 1);
  });

  await t.step("purgeExpired removes only expired records", async () => {
    await store.save(pending("old", "2026-11-24T03:00:00.000Z"));
    await store.save(pending("new", "2026-11-24T06:00:00.000Z"));
    assert.equal(await store.purgeExpired(new Date("2026-11-24T04:00:00.000Z")), 1);
    assert.equal(await store.consume("old"), null);
    assert.notEqual(await store.consume("new"), null);
  });
});
