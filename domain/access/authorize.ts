import { DomainError } from "../errors.ts";
import type { Caller, LimitReason } from "./caller.ts";
import { isReadPermission, type Permission } from "./permissions.ts";
import { ROLE_PERMISSIONS } from "./roles.ts";

export type { Caller };

/** What the action touches: the caller's organization unless named, and optionally some of its properties. */
export interface AccessResource {
  readonly orgId?: string;
  readonly propertyIds?: readonly string[];
}

/** Why a caller was refused. */
export type DenialReason =
  | "role_lacks_permission"
  | LimitReason
  | "other_organization"
  | "property_out_of_scope"
  | "needs_all_properties";

/** The answer of `authorize`, with the error code a denial is raised with. */
export type AccessDecision =
  | { readonly allowed: true }
  | {
    readonly allowed: false;
    readonly code: "FORBIDDEN" | "ORG_ACCESS_DENIED";
    readonly reason: DenialReason;
    readonly permission: Permission;
    readonly property_ids?: readonly string[];
  };

/**
 * The one access decision. In order: the organization must be the caller's own
 * (ORG_ACCESS_DENIED); the role must grant the permission, and so must every limit the caller
 * carries (a stored grant's level and features, an API key's scopes; FORBIDDEN with the limit's
 * reason, `grant_expired` for a grant past its expiry); a property-scoped caller
 * must hold every property the resource names, and may use a writing permission
 * organization-wide only if it names properties (FORBIDDEN). Pure.
 *
 * @example
 * ```ts
 * authorize(manager, "sync:run", { propertyIds: ["prop_1"] }); // { allowed: true }
 * authorize(manager, "mappings:write").allowed; // false
 * ```
 */
export function authorize(
  caller: Caller,
  permission: Permission,
  resource: AccessResource = {},
): AccessDecision {
  const deny = (
    code: "FORBIDDEN" | "ORG_ACCESS_DENIED",
    reason: DenialReason,
    property_ids?: readonly string[],
  ): AccessDecision => ({
    allowed: false,
    code,
    reason,
    permission,
    ...(property_ids ? { property_ids } : {}),
  });

  if (resource.orgId !== undefined && resource.orgId !== caller.orgId) {
    return deny("ORG_ACCESS_DENIED", "other_organization");
  }
  // A role outside the policy grants nothing (authentication refuses such tokens before this).
  if (!(ROLE_PERMISSIONS[caller.role]?.has(permission) ?? false)) {
    return deny("FORBIDDEN", "role_lacks_permission");
  }
  const limit = caller.limits?.find((l) => !l.permissions.has(permission));
  if (limit !== undefined) return deny("FORBIDDEN", limit.reason);
  const scope = caller.propertyIds;
  if (scope === undefined) return { allowed: true };
  const touched = resource.propertyIds ?? [];
  if (touched.length === 0) {
    return isReadPermission(permission) ? { allowed: true } : deny("FORBIDDEN", "needs_all_properties");
  }
  const outside = [...new Set(touched.filter((id) => !scope.includes(id)))];
  return outside.length === 0 ? { allowed: true } : deny("FORBIDDEN", "property_out_of_scope", outside);
}

/** The DomainError a denial is raised as. */
export function denialError(decision: Extract<AccessDecision, { allowed: false }>): DomainError {
  return new DomainError(
    decision.code,
    decision.code === "ORG_ACCESS_DENIED"
      ? "This organization's data is not accessible with this token"
      : `Not allowed: ${decision.reason.replace(/_/g, " ")} (${decision.permission})`,
    // The properties refused are not named: what a caller may not see, it does not learn either
    // (not even which property a record it guessed belongs to).
    { permission: decision.permission, reason: decision.reason },
  );
}

/**
 * Like `authorize`, but throws the denial (FORBIDDEN / ORG_ACCESS_DENIED with the decision as details).
 *
 * @example
 * ```ts
 * requireAuthorized(viewer, "sync:run"); // throws DomainError FORBIDDEN
 * ```
 */
export function requireAuthorized(caller: Caller, permission: Permission, resource?: AccessResource): void {
  const decision = authorize(caller, permission, resource);
  if (!decision.allowed) throw denialError(decision);
}

/**
 * Throws unless the caller's role grants `permission` in its own organization; the property
 * scope is left to the use case, which checks the properties it touches (a property manager may
 * write the records of its own properties). What an operation's declared permission is checked with.
 *
 * @example
 * ```ts
 * requireRole(manager, "records:write"); // passes; the record's property is checked later
 * ```
 */
export function requireRole(caller: Caller, permission: Permission, orgId?: string): void {
  const decision = authorize(caller, permission, orgId === undefined ? {} : { orgId });
  if (decision.allowed || decision.reason === "needs_all_properties") return;
  throw denialError(decision);
}

/**
 * Whether a property-scoped caller may see an item that belongs to `propertyIds` (null: the
 * item's properties are unknown, so only an unscoped caller sees it). An item of no property
 * (an empty list: vendors, organization settings) is visible to every caller of the organization.
 *
 * @example
 * ```ts
 * mayView(manager, ["prop_2"]); // false
 * mayView(manager, []); // true
 * ```
 */
export function mayView(caller: Caller, propertyIds: readonly string[] | null): boolean {
  const scope = caller.propertyIds;
  if (scope === undefined) return true;
  if (propertyIds === null) return false;
  return propertyIds.every((id) => scope.includes(id));
}

/**
 * Throws unless the caller may use the reading `permission` on an item of `propertyIds` (see
 * `mayView`): FORBIDDEN `property_out_of_scope` naming the properties outside its scope, or
 * `needs_all_properties` for an item of unknown or all properties.
 *
 * @example
 * ```ts
 * requireVisible(manager, "reconcile:read", null); // throws: an organization-wide report
 * ```
 */
export function requireVisible(
  caller: Caller,
  permission: Permission,
  propertyIds: readonly string[] | null,
): void {
  requireAuthorized(caller, permission);
  if (mayView(caller, propertyIds)) return;
  const outside = propertyIds?.filter((id) => !caller.propertyIds!.includes(id)) ?? [];
  throw denialError({
    allowed: false,
    code: "FORBIDDEN",
    permission,
    ...(outside.length > 0
      ? { reason: "property_out_of_scope", property_ids: outside }
      : { reason: "needs_all_properties" }),
  });
}

/**
 * Keeps the items a caller may see (see `mayView`); `propertyOf` names an item's property
 * (undefined or null: organization-wide).
 *
 * @example
 * ```ts
 * visibleTo(manager, jobs, (job) => job.property_id); // only prop_1's jobs and org-wide ones
 * ```
 */
export function visibleTo<T>(
  caller: Caller,
  items: readonly T[],
  propertyOf: (item: T) => string | null | undefined,
): T[] {
  return items.filter((item) => {
    const property = propertyOf(item);
    return mayView(caller, property === undefined || property === null ? [] : [property]);
  });
}
