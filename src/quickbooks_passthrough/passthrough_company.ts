import { type Caller, requireVisible } from "../../domain/access/authorize.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import { requireConnectedCompany } from "../connections/resolve_connection.ts";

/** What the pass-through use cases need: the resilient gateway, the connections, the clock, the trail. */
export interface PassThroughDependencies {
  readonly gateway: Pick<QuickBooksGateway, "read" | "queryPage" | "writeEntity" | "fetchReport">;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly audit: AuditTrail;
}

/**
 * Throws unless the caller may use `permission` through the pass-through. Pass-through reaches every
 * object of the company, and no property scope can narrow a QuickBooks query or write, so a
 * property-scoped caller is refused (FORBIDDEN `needs_all_properties`), reads included.
 */
export function requirePassThrough(caller: Caller, permission: "qbo:read" | "qbo:write"): void {
  requireVisible(caller, permission, null);
}

/**
 * The connected company a pass-through call speaks for: the named realm or the organization's
 * default. NOT_FOUND without a connected company, QB002 while it needs re-authorization.
 */
export async function passThroughCompany(
  deps: Pick<PassThroughDependencies, "connections">,
  caller: Caller,
  realmId: string | undefined,
): Promise<QuickBooksTarget> {
  const connection = await requireConnectedCompany(deps.connections, caller.orgId, realmId);
  return { orgId: caller.orgId, realmId: connection.realmId };
}
