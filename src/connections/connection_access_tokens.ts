import { DomainError, isDomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository, QuickBooksConnection } from "../../domain/ports/connection_repository.ts";
import type { TokenSet } from "../../domain/ports/connection_tokens.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { OAuthClient } from "../../domain/ports/oauth_client.ts";
import type { AccessTokenSource, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { TokenVault } from "../../domain/ports/token_vault.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";

export interface AccessTokenDeps {
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
  /** Unique per process (or per instance): the refresh lease's holder. */
  readonly holderId: string;
  /** Waits while another worker refreshes; injectable so tests do not sleep. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Refresh this long before the access token expires. */
  readonly refreshAheadMs?: number;
  /** Longer than the OAuth client's request timeout (30 s), so a slow refresh keeps its lease. */
  readonly leaseMs?: number;
  readonly peerPollMs?: number;
  readonly maxPeerPolls?: number;
}

/**
 * Access tokens for QuickBooks calls. Refreshes ahead of expiry and when QBO rejected a token;
 * exactly one refresh runs per connection across all processes, arbitrated by the connection
 * row's lease, and the rotated refresh token is stored with a version check. An `invalid_grant`
 * marks the connection as needing re-authorization (QB002) instead of retrying forever.
 */
export class ConnectionAccessTokens implements AccessTokenSource {
  readonly #deps: AccessTokenDeps;
  #calls = 0;

  constructor(deps: AccessTokenDeps) {
    this.#deps = deps;
  }

  accessToken(target: QuickBooksTarget, rejected?: string): Promise<string> {
    return this.#obtain(target, (tokens) => this.#needsRefresh(tokens, rejected));
  }

  /**
   * Refreshes a connection whose refresh token expires within `withinMs`, even if nobody calls
   * QuickBooks for it: Intuit's refresh tokens roll over 100 days, so an idle company would
   * otherwise silently need re-authorization. Returns whether a refresh happened.
   */
  async renewIfExpiring(target: QuickBooksTarget, withinMs: number): Promise<boolean> {
    let refreshed = false;
    const expiring = (tokens: TokenSet) =>
      tokens.refreshTokenExpiresAt.getTime() - withinMs <= this.#deps.clock.now().getTime();
    await this.#obtain(target, (tokens) => expiring(tokens) || this.#needsRefresh(tokens, undefined), () => {
      refreshed = true;
    });
    return refreshed;
  }

  async #obtain(
    target: QuickBooksTarget,
    needsRefresh: (tokens: TokenSet) => boolean,
    onRefreshed?: () => void,
  ): Promise<string> {
    const deps = this.#deps;
    // By default wait out a whole lease: a crashed holder's lease expires and we take over.
    const polls = deps.maxPeerPolls ?? Math.ceil((deps.leaseMs ?? 60_000) / (deps.peerPollMs ?? 100)) + 10;
    // Each call is its own lease holder: concurrent calls in one process must not share a lease.
    const holder = `${deps.holderId}#${++this.#calls}`;
    for (let round = 0; round < polls; round++) {
      const { connection, tokens } = await this.#load(target);
      if (!needsRefresh(tokens)) return tokens.accessToken;
      await this.#assertRefreshable(connection, tokens);
      const now = deps.clock.now();
      const until = new Date(now.getTime() + (deps.leaseMs ?? 60_000));
      const leased = await deps.connections.acquireRefreshLease(
        target.orgId,
        target.realmId,
        holder,
        now.toISOString(),
        until.toISOString(),
      );
      if (leased) {
        try {
          // Another worker may have refreshed between our read and our lease.
          const fresh = await this.#load(target);
          if (!needsRefresh(fresh.tokens)) return fresh.tokens.accessToken;
          const accessToken = await this.#refresh(fresh.connection, fresh.tokens);
          onRefreshed?.();
          return accessToken;
        } finally {
          await deps.connections.releaseRefreshLease(target.orgId, target.realmId, holder);
        }
      }
      await deps.sleep(deps.peerPollMs ?? 100);
    }
    throw new DomainError("QB007", "Timed out waiting for another worker to refresh the QuickBooks token", {
      realm_id: target.realmId,
    });
  }

  #needsRefresh(tokens: TokenSet, rejected: string | undefined): boolean {
    if (rejected !== undefined) return tokens.accessToken === rejected;
    const ahead = this.#deps.refreshAheadMs ?? 5 * 60_000;
    return tokens.accessTokenExpiresAt.getTime() - ahead <= this.#deps.clock.now().getTime();
  }

  async #load(target: QuickBooksTarget): Promise<{ connection: QuickBooksConnection; tokens: TokenSet }> {
    const connection = await this.#deps.connections.get(target.orgId, target.realmId);
    if (!connection || connection.status === "disconnected" || !connection.encryptedTokens) {
      throw new DomainError("QB001", "This QuickBooks company is not connected", {
        realm_id: target.realmId,
      });
    }
    if (connection.status === "needs_reauthorization") {
      throw new DomainError("QB002", "This QuickBooks connection needs to be re-authorized", {
        realm_id: target.realmId,
      });
    }
    return { connection, tokens: await this.#deps.vault.open(connection.encryptedTokens) };
  }

  async #assertRefreshable(connection: QuickBooksConnection, tokens: TokenSet): Promise<void> {
    const now = this.#deps.clock.now().getTime();
    const expired = tokens.refreshTokenExpiresAt.getTime() <= now ||
      (tokens.refreshTokenHardExpiresAt !== null && tokens.refreshTokenHardExpiresAt.getTime() <= now);
    if (expired) await this.#needsReauthorization(connection, "The QuickBooks refresh token has expired");
  }

  async #refresh(connection: QuickBooksConnection, tokens: TokenSet): Promise<string> {
    const deps = this.#deps;
    let next: TokenSet;
    try {
      next = await deps.oauth.refresh(tokens.refreshToken);
    } catch (error) {
      if (isDomainError(error) && error.code === "QB002") {
        await this.#needsReauthorization(connection, "QuickBooks rejected the refresh token (invalid_grant)");
      }
      throw error;
    }
    const sealed = await deps.vault.seal(next);
    const update = {
      encryptedTokens: sealed.sealed,
      accessTokenExpiresAt: next.accessTokenExpiresAt.toISOString(),
      refreshTokenExpiresAt: next.refreshTokenExpiresAt.toISOString(),
      refreshTokenHardExpiresAt: next.refreshTokenHardExpiresAt?.toISOString() ?? null,
    };
    // We hold the lease, so no other refresh can interleave; a version change can only come from
    // a status or profile write, and the rotated refresh token must not be lost to it.
    let version = connection.version;
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await deps.connections.updateTokens(
        connection.orgId,
        connection.realmId,
        update,
        version,
        deps.clock.now().toISOString(),
      );
      if (stored) {
        deps.logger.info("quickbooks token refreshed", {
          realm_id: connection.realmId,
          access_token_expires_at: update.accessTokenExpiresAt,
        });
        return next.accessToken;
      }
      const current = await deps.connections.get(connection.orgId, connection.realmId);
      if (!current || current.status !== "connected") break;
      version = current.version;
    }
    throw new DomainError("QB002", "The QuickBooks connection changed while its token was refreshed", {
      realm_id: connection.realmId,
    });
  }

  async #needsReauthorization(connection: QuickBooksConnection, message: string): Promise<never> {
    const deps = this.#deps;
    const now = deps.clock.now().toISOString();
    await deps.atomically(async () => {
      await deps.connections.setStatus(connection.orgId, connection.realmId, "needs_reauthorization", {
        code: "QB002",
        message,
      }, now);
      deps.logger.warn("quickbooks connection needs re-authorization", { realm_id: connection.realmId });
      await deps.audit({
        orgId: connection.orgId,
        at: now,
        actor: "system:token-refresh",
        action: "connection.needs_reauthorization",
        target: `realm:${connection.realmId}`,
        details: { reason: message },
        requestId: null,
      });
      await deps.emit(connection.orgId, "connection.needs_reauthorization", {
        realm_id: connection.realmId,
        code: "QB002",
        recommendation:
          "Connect the QuickBooks company again (POST /connect): QuickBooks no longer accepts its " +
          "refresh token",
        link: "/connections",
      }, now);
    });
    throw new DomainError("QB002", message, { realm_id: connection.realmId });
  }
}
