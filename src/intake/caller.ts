import { authorize, type Principal, requireAuthorized } from "../../domain/access/authorize.ts";
import type { Permission } from "../../domain/access/permissions.ts";
import { RoleSchema } from "../../domain/access/roles.ts";
import { DomainError } from "../../domain/errors.ts";

/** Who calls a use case, as the HTTP adapter read it from the verified token. */
export interface Caller {
  readonly orgId: string;
  readonly userId: string;
  readonly role: string;
  /** Property ids the caller is limited to; absent means every property. */
  readonly propertyIds?: readonly string[];
}

/** The access policy's view of a caller; a role the policy does not know is FORBIDDEN. */
export function accessPrincipal(caller: Caller): Principal {
  const role = RoleSchema.safeParse(caller.role);
  if (!role.success) {
    throw new DomainError("FORBIDDEN", `Unknown role: ${caller.role}`, { role: caller.role });
  }
  return {
    id: caller.userId,
    organization_id: caller.orgId,
    role: role.data,
    ...(caller.propertyIds ? { property_ids: [...caller.propertyIds] } : {}),
  };
}

/** Throws FORBIDDEN unless the caller may use `permission` on the given properties of its org. */
export function requireCallerMay(
  caller: Caller,
  permission: Permission,
  propertyIds?: readonly string[],
): void {
  requireAuthorized(accessPrincipal(caller), permission, {
    organization_id: caller.orgId,
    ...(propertyIds ? { property_ids: propertyIds } : {}),
  });
}

/**
 * Throws FORBIDDEN when the caller's role lacks `permission` altogether; property scopes are left
 * to per-record checks (a property manager may write records of their own properties).
 */
export function requireRoleMay(caller: Caller, permission: Permission): void {
  const decision = authorize(accessPrincipal(caller), permission, { organization_id: caller.orgId });
  if (decision.allowed || decision.reason === "needs_all_properties") return;
  throw new DomainError(decision.code, `Not allowed: ${permission} (${decision.reason})`, {
    reason: decision.reason,
    permission,
  });
}

/** The denial of `permission` on `propertyIds`, or null when allowed (for per-item reports). */
export function denialFor(caller: Caller, permission: Permission, propertyIds: readonly string[]) {
  const decision = authorize(accessPrincipal(caller), permission, {
    organization_id: caller.orgId,
    property_ids: propertyIds,
  });
  return decision.allowed ? null : decision;
}
