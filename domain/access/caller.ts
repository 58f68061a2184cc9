import type { Permission } from "./permissions.ts";
import type { Role } from "./roles.ts";

/** Why a limit refuses a permission its role would allow. */
export type LimitReason =
  | "access_level_lacks_permission"
  | "feature_not_granted"
  | "grant_expired"
  | "key_lacks_scope";

/**
 * A narrowing of what the caller's role allows: a stored grant's access level or its features
 * (user_grant.ts), or an API key's scopes (api_key.ts). A permission is allowed only when every
 * limit holds it; a limit can only take permissions away.
 */
export interface AccessLimit {
  readonly reason: LimitReason;
  readonly permissions: ReadonlySet<Permission>;
}

/**
 * Who calls a use case: the one shape every layer uses. The HTTP adapter builds it from a verified
 * credential (a user's token, narrowed by the user's stored grant; or an API key) and refuses a
 * credential it cannot build one from; use cases take it and ask `authorize` before they read or
 * write. The worker and the scheduler act on the organization's behalf without a Caller.
 *
 * @example
 * ```ts
 * const manager: Caller = { orgId: "org_1", userId: "user_7", role: "property_manager", propertyIds: ["prop_1"] };
 * ```
 */
export interface Caller {
  readonly orgId: string;
  /** The token's subject (a user id), or the id of the API key that authenticated. */
  readonly userId: string;
  readonly role: Role;
  /** Property ids the caller is limited to; absent means every property of the organization. */
  readonly propertyIds?: readonly string[];
  /** Set when an API key authenticated (its id); absent for a user's token. */
  readonly apiKeyId?: string;
  /** What narrows the role's permissions (a stored grant, a key's scopes); none: the role alone. */
  readonly limits?: readonly AccessLimit[];
}

/**
 * The audit trail's name for the caller: `user:<sub>`, or `api_key:<id>` for a key.
 *
 * @example
 * ```ts
 * actorOf({ orgId: "org_1", userId: "user_7", role: "admin" }); // "user:user_7"
 * ```
 */
export function actorOf(caller: Pick<Caller, "userId" | "apiKeyId">): string {
  return caller.apiKeyId === undefined ? `user:${caller.userId}` : `api_key:${caller.apiKeyId}`;
}
