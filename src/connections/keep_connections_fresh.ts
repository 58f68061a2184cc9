import { isDomainError } from "../../domain/errors.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { ConnectionAccessTokens } from "./connection_access_tokens.ts";

/** Renew refresh tokens this long before their rolling expiry. */
export const RENEW_REFRESH_TOKENS_WITHIN_MS = 30 * 24 * 3600_000;

/**
 * A worker's periodic job: renews every connected company's tokens whose refresh token nears
 * its rolling expiry, so idle connections stay alive. Failures are per connection (a revoked
 * grant becomes needs_reauthorization inside the token source) and never stop the sweep.
 */
export async function keepConnectionsFresh(
  deps: { connections: ConnectionRepository; accessTokens: ConnectionAccessTokens; logger: Logger },
  withinMs: number = RENEW_REFRESH_TOKENS_WITHIN_MS,
): Promise<{ renewed: number; failed: number }> {
  let renewed = 0;
  let failed = 0;
  for (const connection of await deps.connections.listByStatus("connected")) {
    try {
      const target = { orgId: connection.orgId, realmId: connection.realmId };
      if (await deps.accessTokens.renewIfExpiring(target, withinMs)) renewed++;
    } catch (error) {
      failed++;
      deps.logger.warn("quickbooks token renewal failed", {
        realm_id: connection.realmId,
        error_code: isDomainError(error) ? error.code : "UNKNOWN",
      });
    }
  }
  return { renewed, failed };
}
