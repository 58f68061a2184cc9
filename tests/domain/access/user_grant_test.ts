import assert from "node:assert/strict";
import fc from "fast-check";
import { ACCESS_LEVEL_PERMISSIONS, AccessLevelSchema } from "../../../domain/access/access_levels.ts";
import { authorize, type Caller } from "../../../domain/access/authorize.ts";
import {
  FEATURE_OF_PERMISSION,
  FeatureSchema,
  permissionsOfFeatures,
} from "../../../domain/access/features.ts";
import { PermissionSchema } from "../../../domain/access/permissions.ts";
import { ROLE_PERMISSIONS, RoleSchema } from "../../../domain/access/roles.ts";
import {
  grantExpired,
  grantPermissions,
  narrowedByGrant,
  type UserGrant,
  viewOfGrant,
} from "../../../domain/access/user_grant.ts";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const admin: Caller = { orgId: "org_1", userId: "u1", role: "admin" };
const grant: UserGrant = {
  orgId: "org_1",
  userId: "u1",
  accessLevel: "basic",
  allowedProperties: "all",
  allowedFeatures: "all",
  expiresAt: null,
  createdAt: "2026-05-01T00:00:00.000Z",
  updatedAt: "2026-05-01T00:00:00.000Z",
  updatedBy: "user:boss",
  version: 1,
};

Deno.test("ACCESS_LEVEL_PERMISSIONS: each level holds the one below it; only admin administers access", () => {
  const levels = AccessLevelSchema.options;
  for (let i = 1; i < levels.length; i++) {
    for (const p of ACCESS_LEVEL_PERMISSIONS[levels[i - 1]]) {
      assert.ok(ACCESS_LEVEL_PERMISSIONS[levels[i]].has(p), `${levels[i]} holds ${p} of ${levels[i - 1]}`);
    }
  }
  assert.deepEqual([...ACCESS_LEVEL_PERMISSIONS.admin].sort(), [...PermissionSchema.options].sort());
  for (const level of levels.filter((l) => l !== "admin")) {
    assert.equal(ACCESS_LEVEL_PERMISSIONS[level].has("access:manage"), false, level);
    assert.equal(ACCESS_LEVEL_PERMISSIONS[level].has("api_keys:manage"), false, level);
  }
  assert.deepEqual(ACCESS_LEVEL_PERMISSIONS.read_only, ROLE_PERMISSIONS.viewer);
});

Deno.test("FEATURE_OF_PERMISSION: every permission belongs to one feature and every feature has one", () => {
  assert.deepEqual(Object.keys(FEATURE_OF_PERMISSION).sort(), [...PermissionSchema.options].sort());
  for (const feature of FeatureSchema.options) {
    assert.ok(permissionsOfFeatures([feature]).size > 0, `${feature} has a permission`);
  }
  assert.deepEqual([...permissionsOfFeatures(["audit", "reconciliation"])].sort(), [
    "audit:read",
    "reconcile:read",
    "reconcile:run",
  ]);
});

Deno.test("narrowedByGrant: the level, the features and the properties all narrow the token", () => {
  const narrowed = narrowedByGrant(admin, { ...grant, allowedFeatures: ["sync"] }, NOW);
  assert.equal(authorize(narrowed, "sync:run").allowed, true);
  assert.deepEqual(authorize(narrowed, "mappings:write"), {
    allowed: false,
    code: "FORBIDDEN",
    reason: "access_level_lacks_permission",
    permission: "mappings:write",
  });
  const decision = authorize(narrowed, "mappings:read");
  assert.equal(!decision.allowed && decision.reason, "feature_not_granted");

  const scoped = narrowedByGrant(admin, { ...grant, allowedProperties: ["p1", "p2"] }, NOW);
  assert.deepEqual(scoped.propertyIds, ["p1", "p2"]);
  const tokenScoped = narrowedByGrant({ ...admin, propertyIds: ["p2", "p3"] }, {
    ...grant,
    allowedProperties: ["p1", "p2"],
  }, NOW);
  assert.deepEqual(tokenScoped.propertyIds, ["p2"], "only what both allow");
  const disjoint = narrowedByGrant(
    { ...admin, propertyIds: ["p3"] },
    { ...grant, allowedProperties: ["p1"] },
    NOW,
  );
  assert.deepEqual(disjoint.propertyIds, []);
  assert.equal(authorize(disjoint, "sync:run", { propertyIds: ["p3"] }).allowed, false);
  assert.deepEqual(narrowedByGrant({ ...admin, propertyIds: ["p3"] }, grant, NOW).propertyIds, ["p3"]);
});

Deno.test("narrowedByGrant: an expired grant allows nothing from its expiry on; until then it narrows", () => {
  const expiring = { ...grant, accessLevel: "admin" as const, expiresAt: NOW.toISOString() };
  const before = narrowedByGrant(admin, expiring, new Date(NOW.getTime() - 1));
  assert.equal(authorize(before, "sync:read").allowed, true);
  assert.equal(grantExpired(expiring, NOW), true);
  for (const permission of PermissionSchema.options) {
    const decision = authorize(narrowedByGrant(admin, expiring, NOW), permission);
    assert.equal(!decision.allowed && decision.reason, "grant_expired", permission);
  }
  assert.equal(viewOfGrant(expiring, NOW).status, "expired");
  assert.deepEqual(grantPermissions(expiring, NOW), []);
});

Deno.test("narrowedByGrant: another organization's or another user's grant changes nothing", () => {
  assert.equal(narrowedByGrant(admin, { ...grant, orgId: "org_2" }, NOW), admin);
  assert.equal(narrowedByGrant(admin, { ...grant, userId: "u2" }, NOW), admin);
  assert.equal(narrowedByGrant(admin, null, NOW), admin);
});

Deno.test("narrowedByGrant never widens: allowed under the grant implies allowed by the token alone (property)", () => {
  const properties = fc.constantFrom("p1", "p2", "p3");
  fc.assert(fc.property(
    fc.constantFrom(...RoleSchema.options),
    fc.option(fc.uniqueArray(properties, { maxLength: 3 }), { nil: undefined }),
    fc.constantFrom(...AccessLevelSchema.options),
    fc.oneof(fc.constant("all" as const), fc.uniqueArray(properties, { minLength: 1, maxLength: 3 })),
    fc.oneof(
      fc.constant("all" as const),
      fc.uniqueArray(fc.constantFrom(...FeatureSchema.options), { minLength: 1 }),
    ),
    fc.constantFrom(...PermissionSchema.options),
    fc.uniqueArray(properties, { maxLength: 3 }),
    fc.constantFrom("org_1", "org_2"),
    (role, propertyIds, accessLevel, allowedProperties, allowedFeatures, permission, touched, orgId) => {
      const token: Caller = { orgId: "org_1", userId: "u1", role, ...(propertyIds ? { propertyIds } : {}) };
      const narrowed = narrowedByGrant(
        token,
        { ...grant, accessLevel, allowedProperties, allowedFeatures },
        NOW,
      );
      const resource = { orgId, propertyIds: touched };
      if (authorize(narrowed, permission, resource).allowed) {
        assert.equal(authorize(token, permission, resource).allowed, true);
        assert.ok(
          grantPermissions({ accessLevel, allowedProperties, allowedFeatures, expiresAt: null }, NOW)
            .includes(permission),
        );
      }
    },
  ));
});
