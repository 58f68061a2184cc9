import { type Caller, requireAuthorized } from "../../domain/access/authorize.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Organization, OrganizationRepository } from "../../domain/ports/organization_repository.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";

/** Reads an organization; NOT_FOUND when it was never registered. */
export async function readOrganization(repo: OrganizationRepository, orgId: string): Promise<Organization> {
  const org = await repo.get(orgId);
  if (!org) throw new DomainError("NOT_FOUND", `Organization ${orgId} is not registered`, { org_id: orgId });
  return org;
}

/** The caller's view of organization `orgId`: its own only (ORG_ACCESS_DENIED for another). */
export function getOrganization(
  repo: OrganizationRepository,
  caller: Caller,
  orgId: string,
): Promise<Organization> {
  requireAuthorized(caller, "settings:read", { orgId });
  return readOrganization(repo, orgId);
}

/**
 * Registers the caller's organization, or renames it when it exists under another name (audited
 * as `organization.renamed`). Idempotent: the same name again returns it unchanged with
 * `created: false` (a concurrent duplicate registration is treated the same).
 */
export async function registerOrganization(
  deps: { organizations: OrganizationRepository; clock: Clock; audit: AuditTrail; atomically: Atomically },
  actor: { orgId: string; userId: string },
  input: { name: string },
  requestId: string | null,
): Promise<Organization & { created: boolean }> {
  const orgId = actor.orgId;
  const existing = await deps.organizations.get(orgId);
  if (existing) return { ...await renamed(deps, actor, existing, input.name, requestId), created: false };
  try {
    const at = deps.clock.now().toISOString();
    const created = await deps.atomically(async () => {
      const created = await deps.organizations.create({ id: orgId, name: input.name, createdAt: at });
      await deps.audit({
        orgId,
        at,
        actor: `user:${actor.userId}`,
        action: "organization.registered",
        target: `org:${orgId}`,
        details: { name: input.name },
        requestId,
      });
      return created;
    });
    return { ...created, created: true };
  } catch (error) {
    if (error instanceof DomainError && error.code === "CONFLICT") {
      return { ...(await readOrganization(deps.organizations, orgId)), created: false };
    }
    throw error;
  }
}

async function renamed(
  deps: { organizations: OrganizationRepository; clock: Clock; audit: AuditTrail; atomically: Atomically },
  actor: { orgId: string; userId: string },
  existing: Organization,
  name: string,
  requestId: string | null,
): Promise<Organization> {
  if (existing.name === name) return existing;
  return await deps.atomically(async () => {
    const updated = await deps.organizations.rename(existing.id, name) ??
      await readOrganization(deps.organizations, existing.id);
    await deps.audit({
      orgId: existing.id,
      at: deps.clock.now().toISOString(),
      actor: `user:${actor.userId}`,
      action: "organization.renamed",
      target: `org:${existing.id}`,
      details: { from: existing.name, to: name },
      requestId,
    });
    return updated;
  });
}
