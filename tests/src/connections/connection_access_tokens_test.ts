import { SqlEventOutbox } from "../../../adapters/persistence/repositories/event_outbox_repository.ts";
import assert from "node:assert/strict";
import { isDomainError } from "../../../domain/errors.ts";
import { REALM } from "../../adapters/quickbooks/support/emulated_oauth_server.ts";
import type { NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import { connectedStack, processOn, TARGET } from "./support/connection_stack.ts";

Deno.test({
  name: "ConnectionAccessTokens: two processes sharing one database file refresh exactly once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const stack = await connectedStack();
    const otherDatabase = await stack.openOther();
    try {
      const clock = { now: () => new Date() };
      const one = processOn(stack.database, stack.emulator.baseUrl, { holderId: "worker-1", clock });
      const two = processOn(otherDatabase, stack.emulator.baseUrl, { holderId: "worker-2", clock });
      const rejected = stack.grant.tokens.accessToken;
      const before = stack.emulator.grants.filter((g) => g === "refresh_token").length;
      const results = await Promise.all([
        one.tokens.accessToken(TARGET, rejected),
        two.tokens.accessToken(TARGET, rejected),
        one.tokens.accessToken(TARGET, rejected),
        two.tokens.accessToken(TARGET, rejected),
      ]);
      assert.equal(stack.emulator.grants.filter((g) => g === "refresh_token").length - before, 1);
      assert.equal(new Set(results).size, 1, "every caller gets the one new token");
      assert.notEqual(results[0], rejected);
      const stored = await one.vault.open(
        (await one.connections.get(TARGET.orgId, TARGET.realmId))!.encryptedTokens!,
      );
      assert.equal(stored.accessToken, results[0]);
      assert.notEqual(
        stored.refreshToken,
        stack.grant.tokens.refreshToken,
        "the rotated refresh token is stored",
      );
    } finally {
      await otherDatabase.close();
      await stack.close();
    }
  },
});

Deno.test({
  name: "ConnectionAccessTokens.accessToken refreshes ahead of expiry, and not before",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let now = new Date();
    const clock = { now: () => now };
    const stack = await connectedStack(clock);
    try {
      const process = processOn(stack.database, stack.emulator.baseUrl, { holderId: "w", clock });
      assert.equal(await process.tokens.accessToken(TARGET), stack.grant.tokens.accessToken);
      assert.equal(stack.emulator.grants.filter((g) => g === "refresh_token").length, 0);
      now = new Date(stack.grant.tokens.accessTokenExpiresAt.getTime() - 60_000);
      const renewed = await process.tokens.accessToken(TARGET);
      assert.notEqual(renewed, stack.grant.tokens.accessToken);
      assert.equal(await process.tokens.accessToken(TARGET), renewed);
      assert.equal(stack.emulator.grants.filter((g) => g === "refresh_token").length, 1);
      const row = (await process.connections.get(TARGET.orgId, TARGET.realmId))!;
      assert.ok(Date.parse(row.accessTokenExpiresAt!) > now.getTime() + 3_000_000);
    } finally {
      await stack.close();
    }
  },
});

Deno.test({
  name:
    "ConnectionAccessTokens: a revoked grant marks the connection QB002 once, with no token in logs or audit",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const stack = await connectedStack();
    try {
      const logLines: string[] = [];
      const audit: NewAuditRecord[] = [];
      const clock = { now: () => new Date() };
      const process = processOn(stack.database, stack.emulator.baseUrl, {
        holderId: "w",
        clock,
        logLines,
        audit,
      });
      await process.oauth.revoke(stack.grant.tokens.refreshToken);
      const error = await process.tokens.accessToken(TARGET, stack.grant.tokens.accessToken).catch((e) => e);
      assert.ok(isDomainError(error) && error.code === "QB002");
      const row = (await process.connections.get(TARGET.orgId, REALM))!;
      assert.equal(row.status, "needs_reauthorization");
      assert.equal(row.lastErrorCode, "QB002");
      // Not retried forever: later calls fail fast without another token request.
      const grantsBefore = stack.emulator.grants.length;
      await assert.rejects(process.tokens.accessToken(TARGET), (e) => isDomainError(e) && e.code === "QB002");
      assert.equal(stack.emulator.grants.length, grantsBefore);
      assert.deepEqual(audit.map((r) => r.action), ["connection.needs_reauthorization"]);
      // Announced once, with the change (issue 17).
      const events = await new SqlEventOutbox(stack.database, { newId: () => "unused" }).list(TARGET.orgId, {
        limit: 10,
      });
      assert.deepEqual(events.map((e) => [e.type, e.data.realm_id, e.data.code]), [[
        "connection.needs_reauthorization",
        REALM,
        "QB002",
      ]]);
      const everything = JSON.stringify({
        logLines,
        audit,
        events,
        error: { ...error, message: error.message },
      });
      for (const secret of [stack.grant.tokens.accessToken, stack.grant.tokens.refreshToken]) {
        assert.ok(!everything.includes(secret));
      }
    } finally {
      await stack.close();
    }
  },
});

Deno.test({
  name: "ConnectionAccessTokens: an expired refresh token needs re-authorization without calling Intuit",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let now = new Date();
    const clock = { now: () => now };
    const stack = await connectedStack(clock);
    try {
      const process = processOn(stack.database, stack.emulator.baseUrl, { holderId: "w", clock });
      now = new Date(stack.grant.tokens.refreshTokenExpiresAt.getTime() + 1000);
      await assert.rejects(process.tokens.accessToken(TARGET), (e) => isDomainError(e) && e.code === "QB002");
      assert.equal(stack.emulator.grants.filter((g) => g === "refresh_token").length, 0);
    } finally {
      await stack.close();
    }
  },
});

Deno.test({
  name: "ConnectionAccessTokens: a disconnected company is QB001",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const stack = await connectedStack();
    try {
      const process = processOn(stack.database, stack.emulator.baseUrl, {
        holderId: "w",
        clock: { now: () => new Date() },
      });
      await assert.rejects(
        process.tokens.accessToken({ orgId: "org-1", realmId: "404" }),
        (e) => isDomainError(e) && e.code === "QB001",
      );
    } finally {
      await stack.close();
    }
  },
});

Deno.test({
  name: "ConnectionAccessTokens.renewIfExpiring renews a refresh token nearing its rolling expiry, once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let now = new Date();
    const clock = { now: () => now };
    const stack = await connectedStack(clock);
    try {
      const process = processOn(stack.database, stack.emulator.baseUrl, { holderId: "w", clock });
      const thirtyDays = 30 * 24 * 3600_000;
      assert.equal(await process.tokens.renewIfExpiring(TARGET, thirtyDays), false);
      now = new Date(stack.grant.tokens.refreshTokenExpiresAt.getTime() - thirtyDays + 1000);
      assert.equal(await process.tokens.renewIfExpiring(TARGET, thirtyDays), true);
      assert.equal(await process.tokens.renewIfExpiring(TARGET, thirtyDays), false);
      assert.equal(stack.emulator.grants.filter((g) => g === "refresh_token").length, 1);
    } finally {
      await stack.close();
    }
  },
});

Deno.test({
  name: "ConnectionAccessTokens: a lease left by a crashed worker is taken over once it expires",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let now = new Date();
    const clock = { now: () => now };
    const stack = await connectedStack(clock);
    try {
      const crashedUntil = new Date(now.getTime() + 60_000);
      assert.ok(
        await stack.main.connections.acquireRefreshLease(
          TARGET.orgId,
          TARGET.realmId,
          "crashed-worker",
          now.toISOString(),
          crashedUntil.toISOString(),
        ),
      );
      let waited = 0;
      const process = processOn(stack.database, stack.emulator.baseUrl, {
        holderId: "survivor",
        clock,
        sleep: (ms) => {
          waited += ms;
          now = new Date(now.getTime() + ms);
          return Promise.resolve();
        },
      });
      const renewed = await process.tokens.accessToken(TARGET, stack.grant.tokens.accessToken);
      assert.notEqual(renewed, stack.grant.tokens.accessToken);
      assert.ok(waited >= 60_000 && waited < 61_000, `waited ${waited} ms`);
      assert.equal(stack.emulator.grants.filter((g) => g === "refresh_token").length, 1);
    } finally {
      await stack.close();
    }
  },
});
