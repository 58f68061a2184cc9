import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Organization, OrganizationRepository } from "../../domain/ports/organization_repository.ts";

/** Reads an organization; NOT_FOUND when it was never registered. */
export async function getOrganization(repo: OrganizationRepository, orgId: string): Promise<Organization> {
  const org = await repo.get(orgId);
  if (!org) throw new DomainError("NOT_FOUND", `Organization ${orgId} is not registered`, { org_id: orgId });
  return org;
}

/**
 * Registers the caller's organization. Idempotent: registering an existing organization returns
 * it unchanged with `created: false` (a concurrent duplicate registration is treated the same).
 */
export async function registerOrganization(
  deps: { organizations: OrganizationRepository; clock: Clock },
  orgId: string,
  input: { name: string },
): Promise<Organization & { created: boolean }> {
  const existing = await deps.organizations.get(orgId);
  if (existing) return { ...existing, created: false };
  try {
    const created = await deps.organizations.create({
      id: orgId,
      name: input.name,
      createdAt: deps.clock.now().toISOString(),
    });
    return { ...created, created: true };
  } catch (error) {
    if (error instanceof DomainError && error.code === "CONFLICT") {
      return { ...(await getOrganization(deps.organizations, orgId)), created: false };
    }
    throw error;
  }
}
