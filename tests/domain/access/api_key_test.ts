import assert from "node:assert/strict";
import {
  API_KEY_SCOPES,
  type ApiKey,
  apiKeyState,
  callerOfApiKey,
  looksLikeApiKey,
  parseApiKey,
} from "../../../domain/access/api_key.ts";
import { authorize } from "../../../domain/access/authorize.ts";
import { actorOf } from "../../../domain/access/caller.ts";
import { PermissionSchema } from "../../../domain/access/permissions.ts";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const key: ApiKey = {
  id: "key-1",
  orgId: "org_1",
  name: "Nightly export",
  scopes: ["sync:read", "records:write"],
  propertyIds: ["p1"],
  ipAllowlist: null,
  expiresAt: null,
  prefix: "eck_test_0123456789abcdef",
  createdAt: "2026-05-01T00:00:00.000Z",
  createdBy: "user:boss",
  rateLimit: null,
  dailyCallQuota: null,
  dailyQuickBooksQuota: null,
  lastUsedAt: null,
  rotatedAt: null,
  revokedAt: null,
};

Deno.test("API_KEY_SCOPES: every permission but the two that administer access", () => {
  assert.deepEqual(
    API_KEY_SCOPES,
    PermissionSchema.options.filter((p) => p !== "access:manage" && p !== "api_keys:manage"),
  );
});

Deno.test("callerOfApiKey: the key acts with exactly its scopes, on its properties, as api_key:<id>", () => {
  const caller = callerOfApiKey(key);
  assert.equal(actorOf(caller), "api_key:key-1");
  assert.deepEqual(caller.propertyIds, ["p1"]);
  assert.equal(authorize(caller, "records:write", { propertyIds: ["p1"] }).allowed, true);
  assert.equal(authorize(caller, "sync:read").allowed, true);
  for (const permission of PermissionSchema.options.filter((p) => !key.scopes.includes(p as never))) {
    const decision = authorize(caller, permission);
    assert.equal(!decision.allowed && decision.reason, "key_lacks_scope", permission);
  }
  const outside = authorize(caller, "records:write", { propertyIds: ["p2"] });
  assert.equal(!outside.allowed && outside.reason, "property_out_of_scope");
  const other = authorize(caller, "sync:read", { orgId: "org_2" });
  assert.equal(!other.allowed && other.code, "ORG_ACCESS_DENIED");
  assert.equal(callerOfApiKey({ ...key, propertyIds: null }).propertyIds, undefined);
});

Deno.test("apiKeyState: revoked wins, then expiry at its instant", () => {
  assert.equal(apiKeyState(key, NOW), "active");
  assert.equal(apiKeyState({ ...key, expiresAt: NOW.toISOString() }, NOW), "expired");
  assert.equal(apiKeyState({ ...key, expiresAt: "2026-06-01T12:00:00.001Z" }, NOW), "active");
  assert.equal(
    apiKeyState({ ...key, revokedAt: "2026-05-02T00:00:00.000Z", expiresAt: NOW.toISOString() }, NOW),
    "revoked",
  );
});

Deno.test("parseApiKey: our format only; looksLikeApiKey tells a key from a JWT", () => {
  const secret = "A".repeat(40) + "-_x";
  assert.deepEqual(parseApiKey(`eck_live_0123456789abcdef_${secret}`), {
    lookup: "0123456789abcdef",
    prefix: "eck_live_0123456789abcdef",
  });
  for (
    const bad of [
      `eck_prod_0123456789abcdef_${secret}`,
      `eck_live_0123456789ABCDEF_${secret}`,
      `eck_live_0123456789abcdef_${secret}x`,
      "eck_live_",
    ]
  ) {
    assert.equal(parseApiKey(bad), null, bad);
    assert.equal(looksLikeApiKey(bad), true);
  }
  assert.equal(looksLikeApiKey("eyJhbGciOiJIUzI1NiJ9.e30.x"), false);
});
