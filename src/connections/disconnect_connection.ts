import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { OAuthClient } from "../../domain/ports/oauth_client.ts";
import type { TokenVault } from "../../domain/ports/token_vault.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { resolveConnection } from "./resolve_connection.ts";
import { actorOf } from "../../domain/access/caller.ts";

export interface DisconnectDeps {
  readonly connections: ConnectionRepository;
  readonly vault: TokenVault;
  readonly oauth: OAuthClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
  /** Announces what happened (outbound events), in the same unit of work as the change. */
  readonly emit: EmitEvent;
}

/**
 * Disconnects a company: revokes the refresh token at Intuit (which disconnects the app there),
 * then deletes the tokens here and marks the connection disconnected. If Intuit cannot be
 * reached the local tokens are deleted anyway (they must not outlive the user's intent) and the
 * result says the revocation did not happen.
 *
 * The target is the named realm (NOT_FOUND when the organization has no such company: never the
 * default instead); without a realm, the only connected company, and a VALIDATION_FAILED asking
 * for `realm_id` when there are several.
 */
export async function disconnectConnection(
  deps: DisconnectDeps,
  caller: { readonly orgId: string; readonly userId: string },
  realmId?: string,
): Promise<{ realmId: string; revokedAtIntuit: boolean }> {
  if (realmId === undefined) {
    // A destructive call never guesses its target: without a realm it may act only when the
    // organization has exactly one company still holding tokens.
    const live = (await deps.connections.listByOrg(caller.orgId)).filter((c) => c.encryptedTokens);
    if (live.length > 1) {
      throw new DomainError(
        "VALIDATION_FAILED",
        "This organization has several QuickBooks companies connected: name the one to disconnect",
        {
          issues: [{
            path: "json.realm_id",
            message: "required when several companies are connected",
            code: "required",
          }],
          realm_ids: live.map((c) => c.realmId),
        },
      );
    }
  }
  const connection = await resolveConnection(deps.connections, caller.orgId, realmId);
  let revokedAtIntuit = false;
  if (connection.encryptedTokens) {
    try {
      const tokens = await deps.vault.open(connection.encryptedTokens);
      await deps.oauth.revoke(tokens.refreshToken);
      revokedAtIntuit = true;
    } catch (error) {
      deps.logger.warn("revocation at QuickBooks failed; deleting local tokens anyway", {
        realm_id: connection.realmId,
        error_code: (error as { code?: unknown }).code ?? "UNKNOWN",
      });
    }
  }
  const now = deps.clock.now().toISOString();
  await deps.atomically(async () => {
    // Clear the tokens whatever their version: a concurrent refresh must not resurrect them.
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await deps.connections.get(caller.orgId, connection.realmId);
      if (!current) break;
      const cleared = await deps.connections.updateTokens(
        caller.orgId,
        connection.realmId,
        {
          encryptedTokens: null,
          accessTokenExpiresAt: null,
          refreshTokenExpiresAt: null,
          refreshTokenHardExpiresAt: null,
        },
        current.version,
        now,
      );
      if (cleared) break;
    }
    await deps.connections.setStatus(caller.orgId, connection.realmId, "disconnected", null, now);
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action: "connection.disconnected",
      target: `realm:${connection.realmId}`,
      details: { revoked_at_intuit: revokedAtIntuit },
      requestId: null,
    });
    await deps.emit(caller.orgId, "connection.disconnected", {
      realm_id: connection.realmId,
      revoked_at_intuit: revokedAtIntuit,
      link: "/connections",
    }, now);
  });
  return { realmId: connection.realmId, revokedAtIntuit };
}
