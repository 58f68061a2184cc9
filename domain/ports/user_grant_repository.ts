import type { UserGrant, UserGrantTerms } from "../access/user_grant.ts";

/** Persistence of user access grants, one per (organization, user). */
export interface UserGrantRepository {
  get(orgId: string, userId: string): Promise<UserGrant | null>;
  /** The organization's grants ordered by user id, after `afterUserId` when given. */
  list(
    orgId: string,
    options: { readonly afterUserId?: string; readonly limit: number },
  ): Promise<UserGrant[]>;
  /** Stores the terms (creating the grant at version 1, or replacing them and bumping the version). */
  put(
    orgId: string,
    userId: string,
    terms: UserGrantTerms,
    change: { readonly at: string; readonly by: string },
  ): Promise<UserGrant>;
  /** Removes the grant; answers what was removed, or null when there was none. */
  remove(orgId: string, userId: string): Promise<UserGrant | null>;
}
