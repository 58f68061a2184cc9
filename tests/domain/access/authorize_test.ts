import assert from "node:assert/strict";
import fc from "fast-check";
import {
  authorize,
  type Principal,
  requireAuthorized,
  visibleToPrincipal,
} from "../../../domain/access/authorize.ts";
import { PermissionSchema } from "../../../domain/access/permissions.ts";
import { RoleSchema } from "../../../domain/access/roles.ts";
import { isDomainError } from "../../../domain/errors.ts";

const admin: Principal = { id: "u1", organization_id: "org_1", role: "admin" };
const manager: Principal = {
  id: "u2",
  organization_id: "org_1",
  role: "property_manager",
  property_ids: ["prop_1"],
};
const viewer: Principal = { id: "u3", organization_id: "org_1", role: "viewer" };
const accountant: Principal = { id: "u4", organization_id: "org_1", role: "accountant" };

Deno.test("authorize: another organization is ORG_ACCESS_DENIED even for an admin", () => {
  assert.deepEqual(authorize(admin, "sync:read", { organization_id: "org_2" }), {
    allowed: false,
    code: "ORG_ACCESS_DENIED",
    reason: "other_organization",
    permission: "sync:read",
  });
});

Deno.test("authorize: roles grant what their job needs", () => {
  assert.equal(authorize(admin, "connections:manage", { organization_id: "org_1" }).allowed, true);
  assert.equal(authorize(accountant, "mappings:write", { organization_id: "org_1" }).allowed, true);
  assert.equal(authorize(accountant, "connections:manage", { organization_id: "org_1" }).allowed, false);
  assert.equal(authorize(viewer, "sync:read").allowed, true);
  assert.deepEqual(authorize(viewer, "sync:run"), {
    allowed: false,
    code: "FORBIDDEN",
    reason: "role_lacks_permission",
    permission: "sync:run",
  });
  assert.equal(authorize(viewer, "audit:read").allowed, false);
  const service: Principal = { id: "estatecore", organization_id: "org_1", role: "service" };
  assert.equal(authorize(service, "records:write", { organization_id: "org_1" }).allowed, true);
  assert.equal(authorize(service, "automation:manage", { organization_id: "org_1" }).allowed, false);
});

Deno.test("authorize: a property-scoped manager acts on its properties only", () => {
  assert.equal(
    authorize(manager, "sync:run", { organization_id: "org_1", property_ids: ["prop_1"] }).allowed,
    true,
  );
  assert.deepEqual(
    authorize(manager, "sync:run", { organization_id: "org_1", property_ids: ["prop_1", "prop_2"] }),
    {
      allowed: false,
      code: "FORBIDDEN",
      reason: "property_out_of_scope",
      permission: "sync:run",
      property_ids: ["prop_2"],
    },
  );
  assert.equal(authorize(manager, "sync:read", { organization_id: "org_1" }).allowed, true);
  const orgWide = authorize(manager, "sync:run", { organization_id: "org_1" });
  assert.equal(!orgWide.allowed && orgWide.reason, "needs_all_properties");
});

Deno.test("authorize: an admin may do everything in its organization (property)", () => {
  fc.assert(fc.property(fc.constantFrom(...PermissionSchema.options), (permission) => {
    assert.equal(
      authorize(admin, permission, { organization_id: "org_1", property_ids: ["p"] }).allowed,
      true,
    );
  }));
});

Deno.test("authorize: no role outside the organization is ever allowed (property)", () => {
  fc.assert(fc.property(
    fc.constantFrom(...RoleSchema.options),
    fc.constantFrom(...PermissionSchema.options),
    (role, permission) => {
      const decision = authorize({ id: "x", organization_id: "org_1", role }, permission, {
        organization_id: "org_9",
      });
      assert.equal(decision.allowed, false);
    },
  ));
});

Deno.test("requireAuthorized: throws the decision's code", () => {
  assert.throws(
    () => requireAuthorized(viewer, "mappings:write", { organization_id: "org_1" }),
    (e) => isDomainError(e) && e.code === "FORBIDDEN" && e.details.reason === "role_lacks_permission",
  );
  assert.doesNotThrow(() => requireAuthorized(admin, "mappings:write", { organization_id: "org_1" }));
});

Deno.test("visibleToPrincipal: scoped principals see their properties and org-wide items", () => {
  const items = [{ p: "prop_1" }, { p: "prop_2" }, { p: undefined }];
  assert.deepEqual(visibleToPrincipal(manager, items, (i) => i.p), [{ p: "prop_1" }, { p: undefined }]);
  assert.equal(visibleToPrincipal(admin, items, (i) => i.p).length, 3);
});
