import { DomainError } from "../../domain/errors.ts";
import type { OrganizationRepository } from "../../domain/ports/organization_repository.ts";

/**
 * The one check that an organization is registered, run before any route that works on an
 * organization's data reads or writes anything (or sends a user to QuickBooks). An unregistered
 * organization gets NOT_FOUND naming the registration call. Organizations are never deleted, so a
 * registered id is remembered and costs no query after the first.
 */
export function organizationGate(organizations: OrganizationRepository): (orgId: string) => Promise<void> {
  const registered = new Set<string>();
  return async (orgId) => {
    if (registered.has(orgId)) return;
    if (await organizations.get(orgId)) {
      registered.add(orgId);
      return;
    }
    throw new DomainError(
      "NOT_FOUND",
      `Organization ${orgId} is not registered: register it with PUT /organization first`,
      { org_id: orgId, register_with: "PUT /organization" },
    );
  };
}
