import { z } from "zod";
import { DomainError } from "../errors.ts";
import { isReadPermission, type Permission } from "./permissions.ts";
import { ROLE_PERMISSIONS, RoleSchema } from "./roles.ts";

/**
 * Who is calling, as the HTTP adapter read it from a verified token. `property_ids` limits the
 * caller to those properties; absent means every property of the organization.
 *
 * @example
 * ```ts
 * PrincipalSchema.parse({ id: "user_7", organization_id: "org_1", role: "property_manager", property_ids: ["prop_1"] });
 * ```
 */
export const PrincipalSchema = z.object({
  id: z.string().min(1),
  organization_id: z.string().min(1),
  role: RoleSchema,
  property_ids: z.array(z.string().min(1)).optional(),
});
export type Principal = z.infer<typeof PrincipalSchema>;

/** What the action touches: an organization, optionally one or more of its properties. */
export interface AccessResource {
  readonly organization_id: string;
  readonly property_ids?: readonly string[];
}

/** The answer of `authorize`, with the error code the HTTP layer maps when it is a denial. */
export type AccessDecision =
  | { readonly allowed: true }
  | {
    readonly allowed: false;
    readonly code: "FORBIDDEN" | "ORG_ACCESS_DENIED";
    readonly reason:
      | "role_lacks_permission"
      | "other_organization"
      | "property_out_of_scope"
      | "needs_all_properties";
    readonly permission: Permission;
    readonly property_ids?: readonly string[];
  };

/**
 * Decides whether a principal may use a permission on a resource. In order: the organization must
 * be the principal's own (ORG_ACCESS_DENIED); the role must grant the permission (FORBIDDEN); a
 * property-scoped principal must hold every property the resource names, and may use a writing
 * permission organization-wide only if it names properties (FORBIDDEN). Pure.
 *
 * @example
 * ```ts
 * authorize(manager, "sync:run", { organization_id: "org_1", property_ids: ["prop_1"] }); // { allowed: true }
 * authorize(manager, "mappings:write", { organization_id: "org_1" }).allowed; // false
 * ```
 */
export function authorize(
  principal: Principal,
  permission: Permission,
  resource?: AccessResource,
): AccessDecision {
  const deny = (
    code: "FORBIDDEN" | "ORG_ACCESS_DENIED",
    reason: Extract<AccessDecision, { allowed: false }>["reason"],
    property_ids?: readonly string[],
  ): AccessDecision => ({
    allowed: false,
    code,
    reason,
    permission,
    ...(property_ids ? { property_ids } : {}),
  });

  if (resource !== undefined && resource.organization_id !== principal.organization_id) {
    return deny("ORG_ACCESS_DENIED", "other_organization");
  }
  if (!ROLE_PERMISSIONS[principal.role].has(permission)) return deny("FORBIDDEN", "role_lacks_permission");
  const scope = principal.property_ids;
  if (scope === undefined) return { allowed: true };
  const touched = resource?.property_ids ?? [];
  if (touched.length === 0) {
    return isReadPermission(permission) ? { allowed: true } : deny("FORBIDDEN", "needs_all_properties");
  }
  const outside = touched.filter((id) => !scope.includes(id));
  return outside.length === 0 ? { allowed: true } : deny("FORBIDDEN", "property_out_of_scope", outside);
}

/**
 * Like `authorize`, but throws DomainError (FORBIDDEN / ORG_ACCESS_DENIED) with the decision as details.
 *
 * @example
 * ```ts
 * requireAuthorized(viewer, "sync:run", { organization_id: "org_1" }); // throws DomainError FORBIDDEN
 * ```
 */
export function requireAuthorized(
  principal: Principal,
  permission: Permission,
  resource?: AccessResource,
): void {
  const decision = authorize(principal, permission, resource);
  if (decision.allowed) return;
  throw new DomainError(decision.code, `Not allowed: ${permission} (${decision.reason})`, {
    reason: decision.reason,
    permission,
    ...(decision.property_ids ? { property_ids: decision.property_ids } : {}),
  });
}

/**
 * Keeps the items a principal may see: all of them without a property scope, else those of its
 * properties (items without a property are organization-wide and stay visible).
 *
 * @example
 * ```ts
 * visibleToPrincipal(manager, jobs, (job) => job.property_id); // only prop_1's jobs and org-wide ones
 * ```
 */
export function visibleToPrincipal<T>(
  principal: Principal,
  items: readonly T[],
  propertyOf: (item: T) => string | undefined,
): T[] {
  const scope = principal.property_ids;
  if (scope === undefined) return [...items];
  return items.filter((item) => {
    const property = propertyOf(item);
    return property === undefined || scope.includes(property);
  });
}
