import { actorOf, type Caller } from "../../domain/access/caller.ts";
import { requireAuthorized } from "../../domain/access/authorize.ts";
import {
  narrowedByGrant,
  type UserGrantTerms,
  type UserGrantView,
  viewOfGrant,
} from "../../domain/access/user_grant.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { UserGrantRepository } from "../../domain/ports/user_grant_repository.ts";

export interface UserAccessDependencies {
  readonly grants: UserGrantRepository;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
}

/** What an audit record says of a grant's terms. */
function auditTerms(terms: UserGrantTerms) {
  return {
    access_level: terms.accessLevel,
    allowed_properties: terms.allowedProperties === "all" ? "all" : [...terms.allowedProperties],
    allowed_features: terms.allowedFeatures === "all" ? "all" : [...terms.allowedFeatures],
    expires_at: terms.expiresAt,
  };
}

/**
 * The properties a change names, as the audit trail's `property_ids` (audit_trail_use_cases.ts): a
 * property-scoped reader of the trail sees the record only when it holds them all.
 */
function namedProperties(...terms: (UserGrantTerms | null)[]) {
  const ids = new Set(
    terms.flatMap((t) => t === null || t.allowedProperties === "all" ? [] : t.allowedProperties),
  );
  return ids.size === 0 ? {} : { property_ids: [...ids].sort() };
}

/**
 * The caller a verified token stands for once its user's stored grant applies (`narrowedByGrant`,
 * at the clock's now). Every authenticated request of a user goes through here.
 */
export async function applyStoredGrant(
  deps: Pick<UserAccessDependencies, "grants" | "clock">,
  caller: Caller,
): Promise<Caller> {
  if (caller.apiKeyId !== undefined) return caller;
  return narrowedByGrant(caller, await deps.grants.get(caller.orgId, caller.userId), deps.clock.now());
}

/** One user's grant in the caller's organization (NOT_FOUND when none is stored). */
export async function getUserAccess(
  deps: UserAccessDependencies,
  caller: Caller,
  userId: string,
): Promise<UserGrantView> {
  requireAuthorized(caller, "access:manage");
  const grant = await deps.grants.get(caller.orgId, userId);
  if (grant === null) {
    throw new DomainError("NOT_FOUND", `User ${userId} has no stored access grant`, { user_id: userId });
  }
  return viewOfGrant(grant, deps.clock.now());
}

/** The organization's users with a stored grant, by user id, in pages. */
export async function listUserAccess(
  deps: UserAccessDependencies,
  caller: Caller,
  page: { readonly afterUserId?: string; readonly limit: number },
): Promise<{ readonly users: UserGrantView[]; readonly nextCursor: string | null }> {
  requireAuthorized(caller, "access:manage");
  const grants = await deps.grants.list(caller.orgId, { ...page, limit: page.limit + 1 });
  const now = deps.clock.now();
  const users = grants.slice(0, page.limit).map((g) => viewOfGrant(g, now));
  return { users, nextCursor: grants.length > page.limit ? users[users.length - 1].userId : null };
}

/**
 * Stores a user's grant (replacing one stored before) and audits the change with its actor and the
 * terms before and after. The expiry must lie ahead of the clock. An administrator cannot change
 * their own grant (CONFLICT): a mistake there would lock the organization's administration out.
 */
export async function putUserAccess(
  deps: UserAccessDependencies,
  caller: Caller,
  userId: string,
  terms: UserGrantTerms,
  requestId: string | null,
): Promise<UserGrantView> {
  requireAuthorized(caller, "access:manage");
  if (caller.apiKeyId === undefined && userId === caller.userId) {
    throw new DomainError("CONFLICT", "An administrator cannot change their own access grant", {
      user_id: userId,
      reason: "own_grant",
    });
  }
  const now = deps.clock.now();
  if (terms.expiresAt !== null && Date.parse(terms.expiresAt) <= now.getTime()) {
    throw new DomainError("VALIDATION_FAILED", "expires_at must lie in the future", {
      issues: [{ path: "json.expires_at", message: "must lie in the future", code: "too_small" }],
    });
  }
  const saved = await deps.atomically(async () => {
    const before = await deps.grants.get(caller.orgId, userId);
    const saved = await deps.grants.put(caller.orgId, userId, terms, {
      at: now.toISOString(),
      by: actorOf(caller),
    });
    await deps.audit({
      orgId: caller.orgId,
      at: now.toISOString(),
      actor: actorOf(caller),
      action: "access.grant_set",
      target: `user:${userId}`,
      details: {
        user_id: userId,
        version: saved.version,
        ...auditTerms(terms),
        previous: before === null ? null : auditTerms(before),
        ...namedProperties(terms, before),
      },
      requestId,
    });
    return saved;
  });
  return viewOfGrant(saved, now);
}

/** Removes a user's grant (the token's claims alone apply again) and audits it. */
export async function deleteUserAccess(
  deps: UserAccessDependencies,
  caller: Caller,
  userId: string,
  requestId: string | null,
): Promise<UserGrantView> {
  requireAuthorized(caller, "access:manage");
  const now = deps.clock.now();
  const removed = await deps.atomically(async () => {
    const removed = await deps.grants.remove(caller.orgId, userId);
    if (removed === null) {
      throw new DomainError("NOT_FOUND", `User ${userId} has no stored access grant`, { user_id: userId });
    }
    await deps.audit({
      orgId: caller.orgId,
      at: now.toISOString(),
      actor: actorOf(caller),
      action: "access.grant_removed",
      target: `user:${userId}`,
      details: { user_id: userId, previous: auditTerms(removed), ...namedProperties(removed) },
      requestId,
    });
    return removed;
  });
  return viewOfGrant(removed, now);
}
