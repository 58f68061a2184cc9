/**
 * A stored QuickBooks connection without the OAuth flow, for route tests whose routes only read
 * the connection (queueing a sync, naming a realm) and never call QuickBooks with it.
 */
import type { Service } from "../../src/composition/service.ts";
import type {
  NewQuickBooksConnection,
  QuickBooksConnection,
} from "../../domain/ports/connection_repository.ts";

export const SEEDED_REALM = "9341452000000001";

export function seedConnection(
  svc: Pick<Service, "connections" | "clock">,
  orgId: string,
  fields: Partial<NewQuickBooksConnection> = {},
): Promise<QuickBooksConnection> {
  const now = svc.clock.now().toISOString();
  const realmId = fields.realmId ?? SEEDED_REALM;
  return svc.connections.save({
    id: `conn-${orgId}-${realmId}`,
    orgId,
    realmId,
    companyName: "Maple Holdings LLC",
    status: "connected",
    encryptedTokens: null,
    accessTokenExpiresAt: null,
    refreshTokenExpiresAt: null,
    refreshTokenHardExpiresAt: null,
    classTrackingEnabled: false,
    locationTrackingEnabled: false,
    isDefault: true,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: now,
    ...fields,
  }, now);
}
