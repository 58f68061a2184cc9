import { authorize } from "../../domain/access/authorize.ts";
import type { Permission } from "../../domain/access/permissions.ts";
import { RoleSchema } from "../../domain/access/roles.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Principal } from "./api_types.ts";

/**
 * Role-based access for a route: the token's role must grant `permission`, and a caller limited to
 * some properties may only touch those (`propertyIds`, when the route acts on properties).
 * Throws FORBIDDEN or ORG_ACCESS_DENIED from the domain's decision.
 */
export function requirePermission(
  principal: Principal,
  permission: Permission,
  resource: { orgId?: string; propertyIds?: readonly string[] } = {},
): void {
  const role = RoleSchema.safeParse(principal.role);
  if (!role.success) {
    throw new DomainError("FORBIDDEN", `Role '${principal.role}' is not a known role`, {
      role: principal.role,
    });
  }
  const decision = authorize(
    {
      id: principal.userId,
      organization_id: principal.orgId,
      role: role.data,
      ...(principal.propertyIds ? { property_ids: [...principal.propertyIds] } : {}),
    },
    permission,
    {
      organization_id: resource.orgId ?? principal.orgId,
      ...(resource.propertyIds ? { property_ids: resource.propertyIds } : {}),
    },
  );
  if (!decision.allowed) {
    throw new DomainError(
      decision.code,
      decision.code === "ORG_ACCESS_DENIED"
        ? "This organization's data is not accessible with this token"
        : `Not allowed: ${decision.reason.replace(/_/g, " ")} (${decision.permission})`,
      {
        permission: decision.permission,
        reason: decision.reason,
        ...(decision.property_ids ? { property_ids: decision.property_ids } : {}),
      },
    );
  }
}
