import assert from "node:assert/strict";
import { keepConnectionsFresh } from "../../../src/connections/keep_connections_fresh.ts";
import { connectedStack, processOn, TARGET } from "./support/connection_stack.ts";

Deno.test({
  name: "keepConnectionsFresh renews expiring connections and reports failures without stopping",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let now = new Date();
    const clock = { now: () => now };
    const stack = await connectedStack(clock);
    try {
      const process = processOn(stack.database, stack.emulator.baseUrl, { holderId: "w", clock });
      const deps = { connections: process.connections, accessTokens: process.tokens, logger: process.logger };
      assert.deepEqual(await keepConnectionsFresh(deps), { renewed: 0, failed: 0 });
      now = new Date(stack.grant.tokens.refreshTokenExpiresAt.getTime() - 24 * 3600_000);
      assert.deepEqual(await keepConnectionsFresh(deps), { renewed: 1, failed: 0 });

      const stored = (await process.connections.get(TARGET.orgId, TARGET.realmId))!;
      const current = await process.vault.open(stored.encryptedTokens!);
      await process.oauth.revoke(current.refreshToken);
      now = new Date(current.refreshTokenExpiresAt.getTime() - 24 * 3600_000);
      assert.deepEqual(await keepConnectionsFresh(deps), { renewed: 0, failed: 1 });
      assert.equal(
        (await process.connections.get(TARGET.orgId, TARGET.realmId))!.status,
        "needs_reauthorization",
      );
      assert.deepEqual(await keepConnectionsFresh(deps), { renewed: 0, failed: 0 }, "no longer swept");
    } finally {
      await stack.close();
    }
  },
});
