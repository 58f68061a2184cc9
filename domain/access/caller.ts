import type { Role } from "./roles.ts";

/**
 * Who calls a use case: the one shape every layer uses. The HTTP adapter builds it from a verified
 * credential (a user's token today; an API key or a stored grant narrow it next) and refuses a
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
  /** The token's subject (a user id). */
  readonly userId: string;
  readonly role: Role;
  /** Property ids the caller is limited to; absent means every property of the organization. */
  readonly propertyIds?: readonly string[];
}
