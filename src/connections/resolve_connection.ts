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

/**
 * The company a read from QuickBooks speaks for: the named realm or the organization's default,
 * connected. NOT_FOUND (`No QuickBooks company is connected ...`, the code sync and
 * reconciliation answer too) when there is none or it was disconnected; QB002 while it needs
 * re-authorization.
 */
export async function requireConnectedCompany(
  connections: ConnectionRepository,
  orgId: string,
  realmId?: string,
): Promise<QuickBooksConnection> {
  const connection = realmId ? await connections.get(orgId, realmId) : await connections.getDefault(orgId);
  if (!connection || connection.status === "disconnected") {
    throw new DomainError("NOT_FOUND", "No QuickBooks company is connected for this organization", {
      realm_id: realmId ?? null,
    });
  }
  if (connection.status !== "connected") {
    throw new DomainError("QB002", "The QuickBooks connection needs re-authorization", {
      realm_id: connection.realmId,
      status: connection.status,
    });
  }
  return connection;
}
