import { DomainError } from "../../domain/errors.ts";
import type { ConnectionRepository, QuickBooksConnection } from "../../domain/ports/connection_repository.ts";

/**
 * The connection a call names (org + realm), or the organization's default when no realm is
 * given. NOT_FOUND when the organization has no such company.
 */
export async function resolveConnection(
  connections: ConnectionRepository,
  orgId: string,
  realmId?: string,
): Promise<QuickBooksConnection> {
  const connection = realmId ? await connections.get(orgId, realmId) : await connections.getDefault(orgId);
  if (!connection) {
    throw new DomainError(
      "NOT_FOUND",
      realmId ? `QuickBooks company ${realmId} is not connected` : "No QuickBooks company is connected",
      realmId ? { realm_id: realmId } : {},
    );
  }
  return connection;
}
