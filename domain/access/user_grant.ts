import { ACCESS_LEVEL_PERMISSIONS, type AccessLevel } from "./access_levels.ts";
import type { AccessLimit, Caller } from "./caller.ts";
import { type Feature, permissionsOfFeatures } from "./features.ts";
import { type Permission, PermissionSchema } from "./permissions.ts";

/**
 * What an organization's administrator stored for one of its users: an access level, the
 * properties and features the user may use, and optionally when that stops. A grant only narrows
 * what the user's token already allows (`narrowedByGrant`): it never adds a permission the token's
 * role lacks, a property outside the token's `property_ids`, or another organization.
 */
export interface UserGrant {
  readonly orgId: string;
  readonly userId: string;
  readonly accessLevel: AccessLevel;
  /** The properties the user may act on (within its token's), or all of the organization's. */
  readonly allowedProperties: readonly string[] | "all";
  readonly allowedFeatures: readonly Feature[] | "all";
  /** ISO-8601 instant from which the grant allows nothing at all; null: no expiry. */
  readonly expiresAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The audit actor of the last change (`user:<sub>`). */
  readonly updatedBy: string;
  /** 1 when first stored; each change bumps it. */
  readonly version: number;
}

/** What a change to a grant says (the rest is bookkeeping). */
export type UserGrantTerms = Pick<
  UserGrant,
  "accessLevel" | "allowedProperties" | "allowedFeatures" | "expiresAt"
>;

/**
 * Whether the grant has expired at `now`: from `expiresAt` on it allows nothing.
 *
 * @example
 * ```ts
 * grantExpired({ ...grant, expiresAt: "2026-06-01T00:00:00.000Z" }, new Date("2026-06-01T00:00:00.000Z")); // true
 * ```
 */
export function grantExpired(grant: Pick<UserGrant, "expiresAt">, now: Date): boolean {
  return grant.expiresAt !== null && Date.parse(grant.expiresAt) <= now.getTime();
}

/**
 * The caller a user's token stands for once its stored grant applies: the access level and the
 * features become limits the decision (`authorize`) checks after the role, and the property scope
 * is what the token and the grant both allow (an unscoped token takes the grant's properties). An
 * expired grant leaves a limit that refuses everything (`grant_expired`). A grant of another
 * organization, or none, leaves the caller as it was. Pure: `now` comes from the clock port.
 *
 * @example
 * ```ts
 * const narrowed = narrowedByGrant(admin, { ...grant, accessLevel: "read_only" }, now);
 * authorize(narrowed, "sync:run").allowed; // false: access_level_lacks_permission
 * ```
 */
export function narrowedByGrant(caller: Caller, grant: UserGrant | null, now: Date): Caller {
  if (grant === null || grant.orgId !== caller.orgId || grant.userId !== caller.userId) return caller;
  const limits: AccessLimit[] = [...(caller.limits ?? [])];
  if (grantExpired(grant, now)) {
    limits.push({ reason: "grant_expired", permissions: new Set() });
    return { ...caller, limits };
  }
  limits.push({
    reason: "access_level_lacks_permission",
    permissions: ACCESS_LEVEL_PERMISSIONS[grant.accessLevel],
  });
  if (grant.allowedFeatures !== "all") {
    limits.push({ reason: "feature_not_granted", permissions: permissionsOfFeatures(grant.allowedFeatures) });
  }
  const allowed = grant.allowedProperties;
  const propertyIds = allowed === "all"
    ? caller.propertyIds
    : caller.propertyIds === undefined
    ? [...allowed]
    : caller.propertyIds.filter((id) => allowed.includes(id));
  return { ...caller, limits, ...(propertyIds === undefined ? {} : { propertyIds }) };
}

/**
 * The permissions a grant's terms leave (its level's, within its features), in the permission
 * list's order; the token's role may hold fewer. An expired grant leaves none.
 *
 * @example
 * ```ts
 * grantPermissions({ ...terms, accessLevel: "advanced", allowedFeatures: ["audit"] }, now); // ["audit:read"]
 * ```
 */
export function grantPermissions(
  terms: UserGrantTerms,
  now: Date,
): Permission[] {
  if (grantExpired(terms, now)) return [];
  const features = terms.allowedFeatures === "all" ? null : permissionsOfFeatures(terms.allowedFeatures);
  return PermissionSchema.options.filter((p) =>
    ACCESS_LEVEL_PERMISSIONS[terms.accessLevel].has(p) && (features === null || features.has(p))
  );
}

/** A grant with whether it is in force at the instant it was read. */
export interface UserGrantView extends UserGrant {
  readonly status: "active" | "expired";
}

/**
 * The grant as read at `now`.
 *
 * @example
 * ```ts
 * viewOfGrant(grant, now).status; // "active" until grant.expiresAt
 * ```
 */
export function viewOfGrant(grant: UserGrant, now: Date): UserGrantView {
  return { ...grant, status: grantExpired(grant, now) ? "expired" : "active" };
}
