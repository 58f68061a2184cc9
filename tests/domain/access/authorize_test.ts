import assert from "node:assert/strict";
import fc from "fast-check";
import {
  authorize,
  type Caller,
  mayView,
  requireAuthorized,
  requireRole,
  requireVisible,
  visibleTo,
} from "../../../domain/access/authorize.ts";
import { PermissionSchema } from "../../../domain/access/permissions.ts";
import { RoleSchema } from "../../../domain/access/roles.ts";
import { isDomainError } from "../../../domain/errors.ts";

const admin: Caller = { userId: "u1", orgId: "org_1", role: "admin" };
const manager: Caller = { userId: "u2", orgId: "org_1", role: "property_manager", propertyIds: ["prop_1"] };
const viewer: Caller = { userId: "u3", orgId: "org_1", role: "viewer" };
const accountant: Caller = { userId: "u4", orgId: "org_1", role: "accountant" };

Deno.test("authorize: another organization is ORG_ACCESS_DENIED even for an admin", () => {
  assert.deepEqual(authorize(admin, "sync:read", { orgId: "org_2" }), {
    allowed: false,
    code: "ORG_ACCESS_DENIED",
    reason: "other_organization",
    permission: "sync:read",
  });
});

Deno.test("authorize: roles grant what their job needs", () => {
  assert.equal(authorize(admin, "connections:manage", { orgId: "org_1" }).allowed, true);
  assert.equal(authorize(accountant, "mappings:write", { orgId: "org_1" }).allowed, true);
  assert.equal(authorize(accountant, "connections:manage", { orgId: "org_1" }).allowed, false);
  assert.equal(authorize(viewer, "sync:read").allowed, true);
  assert.deepEqual(authorize(viewer, "sync:run"), {
    allowed: false,
    code: "FORBIDDEN",
    reason: "role_lacks_permission",
    permission: "sync:run",
  });
  assert.equal(authorize(viewer, "audit:read").allowed, false);
  const service: Caller = { userId: "estatecore", orgId: "org_1", role: "service" };
  assert.equal(authorize(service, "records:write", { orgId: "org_1" }).allowed, true);
  assert.equal(authorize(service, "automation:manage", { orgId: "org_1" }).allowed, false);
});

Deno.test("authorize: a property-scoped manager acts on its properties only", () => {
  assert.equal(
    authorize(manager, "sync:run", { propertyIds: ["prop_1"] }).allowed,
    true,
  );
  assert.deepEqual(
    authorize(manager, "sync:run", { propertyIds: ["prop_1", "prop_2"] }),
    {
      allowed: false,
      code: "FORBIDDEN",
      reason: "property_out_of_scope",
      permission: "sync:run",
      property_ids: ["prop_2"],
    },
  );
  assert.equal(authorize(manager, "sync:read", { orgId: "org_1" }).allowed, true);
  const orgWide = authorize(manager, "sync:run", { orgId: "org_1" });
  assert.equal(!orgWide.allowed && orgWide.reason, "needs_all_properties");
});

Deno.test("authorize: an admin may do everything in its organization (property)", () => {
  fc.assert(fc.property(fc.constantFrom(...PermissionSchema.options), (permission) => {
    assert.equal(
      authorize(admin, permission, { propertyIds: ["p"] }).allowed,
      true,
    );
  }));
});

Deno.test("authorize: no role outside the organization is ever allowed (property)", () => {
  fc.assert(fc.property(
    fc.constantFrom(...RoleSchema.options),
    fc.constantFrom(...PermissionSchema.options),
    (role, permission) => {
      const decision = authorize({ userId: "x", orgId: "org_1", role }, permission, {
        orgId: "org_9",
      });
      assert.equal(decision.allowed, false);
    },
  ));
});

Deno.test("requireAuthorized: throws the decision's code", () => {
  assert.throws(
    () => requireAuthorized(viewer, "mappings:write", { orgId: "org_1" }),
    (e) => isDomainError(e) && e.code === "FORBIDDEN" && e.details.reason === "role_lacks_permission",
  );
  assert.doesNotThrow(() => requireAuthorized(admin, "mappings:write", { orgId: "org_1" }));
});

Deno.test("visibleTo / mayView: scoped callers see their properties and org-wide items, never unknown ones", () => {
  const items = [{ p: "prop_1" }, { p: "prop_2" }, { p: undefined }, { p: null }];
  assert.deepEqual(visibleTo(manager, items, (i) => i.p), [{ p: "prop_1" }, { p: undefined }, { p: null }]);
  assert.equal(visibleTo(admin, items, (i) => i.p).length, 4);
  assert.equal(mayView(manager, null), false, "unknown properties: only an unscoped caller");
  assert.equal(mayView(admin, null), true);
  assert.equal(mayView(manager, ["prop_1", "prop_2"]), false);
  assert.equal(mayView(manager, []), true);
});

Deno.test("requireRole: the role decides, the property scope is left to the use case", () => {
  assert.doesNotThrow(() => requireRole(manager, "records:write"));
  assert.throws(() => requireRole(viewer, "records:write"), { code: "FORBIDDEN" });
  assert.throws(() => requireRole(admin, "sync:read", "org_2"), { code: "ORG_ACCESS_DENIED" });
  // A role the policy does not know grants nothing (authentication refuses it before this).
  const unknown = { ...viewer, role: "superuser" } as unknown as Caller;
  assert.throws(() => requireRole(unknown, "sync:read"), {
    code: "FORBIDDEN",
    details: { permission: "sync:read", reason: "role_lacks_permission" },
  });
});

Deno.test("requireVisible: an item of other or unknown properties is refused with the reason", () => {
  assert.throws(() => requireVisible(manager, "reconcile:read", ["prop_1", "prop_2"]), {
    code: "FORBIDDEN",
    details: { permission: "reconcile:read", reason: "property_out_of_scope" },
  });
  assert.throws(() => requireVisible(manager, "reconcile:read", null), {
    code: "FORBIDDEN",
    details: { permission: "reconcile:read", reason: "needs_all_properties" },
  });
  assert.doesNotThrow(() => requireVisible(manager, "reconcile:read", ["prop_1"]));
  assert.doesNotThrow(() => requireVisible(admin, "reconcile:read", null));
});
