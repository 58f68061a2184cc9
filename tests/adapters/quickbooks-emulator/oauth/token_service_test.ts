import assert from "node:assert/strict";
import { FrozenClock } from "../../../../adapters/quickbooks-emulator/clock/controllable_clock.ts";
import { SeededRandom } from "../../../../adapters/quickbooks-emulator/clock/seeded_random.ts";
import { parseEmulatorConfig } from "../../../../adapters/quickbooks-emulator/config.ts";
import { TokenService } from "../../../../adapters/quickbooks-emulator/oauth/token_service.ts";

function service() {
  const clock = new FrozenClock(new Date("2026-01-01T00:00:00Z"));
  const tokens = new TokenService({
    clock,
    random: new SeededRandom(1),
    lifetimes: parseEmulatorConfig().tokens,
  });
  const issued = tokens.createGrant({
    clientId: "c",
    realmId: "111",
    scopes: ["com.intuit.quickbooks.accounting"],
    subject: "u",
  });
  return { clock, tokens, issued };
}

Deno.test("TokenService.authenticate: classifies missing, malformed, expired, revoked and wrong realm", () => {
  const { clock, tokens, issued } = service();
  const header = `Bearer ${issued.accessToken}`;
  assert.equal(tokens.authenticate(header, "111").ok, true);
  assert.deepEqual(tokens.authenticate(undefined, "111"), { ok: false, reason: "missing" });
  assert.deepEqual(tokens.authenticate("", "111"), { ok: false, reason: "missing" });
  assert.deepEqual(tokens.authenticate("Bearer short", "111"), { ok: false, reason: "malformed" });
  assert.deepEqual(tokens.authenticate(`Basic ${issued.accessToken}`, "111"), {
    ok: false,
    reason: "malformed",
  });
  assert.deepEqual(tokens.authenticate(header, "222"), { ok: false, reason: "wrong_realm" });
  clock.advance(3_599_999);
  assert.equal(tokens.authenticate(header, "111").ok, true);
  clock.advance(1);
  assert.deepEqual(tokens.authenticate(header, "111"), { ok: false, reason: "expired" });
  tokens.revokeRealm("111");
  assert.deepEqual(tokens.authenticate(header, "111"), { ok: false, reason: "revoked" });
});

Deno.test("TokenService.expireRealm: expires access tokens now, refresh tokens only when asked", () => {
  const { tokens, issued } = service();
  assert.equal(tokens.expireRealm("111"), 1);
  assert.deepEqual(tokens.authenticate(`Bearer ${issued.accessToken}`, "111"), {
    ok: false,
    reason: "expired",
  });
  const refreshed = tokens.refresh(issued.refreshToken, "c");
  assert.equal(tokens.authenticate(`Bearer ${refreshed.accessToken}`, "111").ok, true);
  tokens.expireRealm("111", { includeRefreshTokens: true });
  assert.throws(() => tokens.refresh(refreshed.refreshToken, "c"), { code: "invalid_grant" });
});

Deno.test("TokenService.refresh: another client's refresh token is invalid_grant", () => {
  const { tokens, issued } = service();
  assert.throws(() => tokens.refresh(issued.refreshToken, "other"), {
    code: "invalid_grant",
    message: "Token invalid",
  });
});

Deno.test("TokenService.snapshot: a restored service honours old tokens and never reissues them", () => {
  const { clock, tokens, issued } = service();
  const snapshot = JSON.parse(JSON.stringify(tokens.snapshot()));
  const restored = new TokenService({
    clock,
    random: new SeededRandom(1),
    lifetimes: parseEmulatorConfig().tokens,
  });
  restored.restore(snapshot);
  assert.equal(restored.authenticate(`Bearer ${issued.accessToken}`, "111").ok, true);
  const next = restored.refresh(issued.refreshToken, "c");
  const fromOriginal = tokens.refresh(issued.refreshToken, "c");
  assert.equal(next.refreshToken, fromOriginal.refreshToken, "the random stream continues where it was");
  assert.notEqual(next.refreshToken, issued.refreshToken);
});

Deno.test("TokenService: every change is reported (for persistence)", () => {
  let changes = 0;
  const clock = new FrozenClock(new Date("2026-01-01T00:00:00Z"));
  const tokens = new TokenService({
    clock,
    random: new SeededRandom(1),
    lifetimes: parseEmulatorConfig().tokens,
    onChange: () => changes++,
  });
  const issued = tokens.createGrant({ clientId: "c", realmId: "1", scopes: [], subject: "u" });
  tokens.refresh(issued.refreshToken, "c");
  tokens.expireRealm("1");
  tokens.revokeRealm("1");
  assert.equal(changes, 4);
});
