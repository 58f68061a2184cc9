import { DomainError, isDomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository, QuickBooksConnection } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { OAuthClient } from "../../domain/ports/oauth_client.ts";
import type { OAuthStateStore, PendingAuthorization } from "../../domain/ports/oauth_state.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import type { TokenVault } from "../../domain/ports/token_vault.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";

export interface CompleteConnectionDeps {
  readonly oauth: OAuthClient;
  readonly states: OAuthStateStore;
  readonly connections: ConnectionRepository;
  readonly vault: TokenVault;
  readonly gateway: QuickBooksGateway;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
  /** Announces what happened (outbound events), in the same unit of work as the change. */
  readonly emit: EmitEvent;
  /** Failures that are redirected (not answered by the error handler) are logged here. */
  readonly logger: Logger;
  /**
   * Runs once the company is connected and its profile stored (e.g. checking the account mapping
   * against its chart of accounts). It must not throw: the connection is already complete.
   */
  readonly afterConnect?: (target: { readonly orgId: string; readonly realmId: string }) => Promise<unknown>;
}

/** Query parameters of the redirect back from the authorization server. */
export interface OAuthCallback {
  readonly state?: string;
  readonly code?: string;
  readonly realmId?: string;
  readonly error?: string;
}

/**
 * How a callback with a valid state ended, and where the user goes next: the return URL stored
 * with the state (already allow-listed), or null when the flow answers JSON. `denied`: the user
 * declined (OAUTH_ACCESS_DENIED); `failed`: anything else went wrong, `error` carries the code.
 */
export type ConnectionOutcome =
  | {
    readonly status: "connected";
    readonly connection: QuickBooksConnection;
    readonly returnUrl: string | null;
  }
  | { readonly status: "denied" | "failed"; readonly error: DomainError; readonly returnUrl: string | null };

const REALM_ID = /^[0-9]{1,32}$/;

/**
 * Completes the OAuth flow: consumes the state (single use, unexpired), then, unless Intuit sent
 * an `error=` back, exchanges the code, stores the sealed tokens for (org, realm) and reads the
 * company's name and its Class / Location tracking switches. The organization's first company
 * becomes its default, and `afterConnect` runs (the account mapping is checked against the new
 * company). A denial or failure after a valid state is an outcome (audited), so the
 * caller can send the user back to the stored return URL.
 * @throws DomainError OAUTH_STATE_INVALID when the state is missing, unknown, used or expired: no
 *   pending authorization, so no trusted return URL either.
 */
export async function completeConnection(
  deps: CompleteConnectionDeps,
  callback: OAuthCallback,
): Promise<ConnectionOutcome> {
  if (!callback.state) throw stateInvalid("the callback has no state");
  const pending = await deps.states.consume(callback.state);
  const now = deps.clock.now();
  if (!pending) throw stateInvalid("the state is unknown or was already used");
  if (pending.expiresAt.getTime() <= now.getTime()) throw stateInvalid("the authorization request expired");
  const returnUrl = pending.returnUrl;
  try {
    const connection = await connectCompany(deps, pending, callback);
    return { status: "connected", connection, returnUrl };
  } catch (error) {
    if (!isDomainError(error) && returnUrl === null) throw error;
    const coded = isDomainError(error)
      ? error as DomainError
      : new DomainError("INTERNAL_ERROR", "Connecting the company failed unexpectedly", {}, { cause: error });
    const status = coded.code === "OAUTH_ACCESS_DENIED" ? "denied" : "failed";
    if (returnUrl !== null) {
      const log = coded.code === "INTERNAL_ERROR" ? deps.logger.error : deps.logger.info;
      log.call(deps.logger, "OAuth callback failed; the user is sent back to the return URL", {
        org_id: pending.organizationId,
        code: coded.code,
        ...(coded.code === "INTERNAL_ERROR" ? { error: describe(error) } : {}),
      });
    }
    await deps.audit({
      orgId: pending.organizationId,
      at: deps.clock.now().toISOString(),
      actor: `user:${pending.userId}`,
      action: status === "denied" ? "connection.denied" : "connection.failed",
      target: callback.realmId && REALM_ID.test(callback.realmId) ? `realm:${callback.realmId}` : null,
      details: {
        code: coded.code,
        ...(callback.error ? { oauth_error: callback.error.slice(0, 64) } : {}),
      },
      requestId: null,
    });
    return { status, error: coded, returnUrl };
  }
}

/** The grant's part of the flow, once the state is known good: tokens, connection, company profile. */
async function connectCompany(
  deps: CompleteConnectionDeps,
  pending: PendingAuthorization,
  callback: OAuthCallback,
): Promise<QuickBooksConnection> {
  if (callback.error === "access_denied") {
    throw new DomainError("OAUTH_ACCESS_DENIED", "The user declined to connect QuickBooks", {
      oauth_error: "access_denied",
    });
  }
  if (callback.error) {
    throw new DomainError(
      "OAUTH_AUTHORIZATION_FAILED",
      `QuickBooks did not authorize the connection (${callback.error.slice(0, 64)})`,
      { oauth_error: callback.error.slice(0, 64) },
    );
  }
  if (!callback.code) throw stateInvalid("the callback has no authorization code");
  if (!callback.realmId || !REALM_ID.test(callback.realmId)) {
    throw stateInvalid("the callback has no valid realmId");
  }
  const now = deps.clock.now();

  const grant = await deps.oauth.exchangeCode({
    code: callback.code,
    state: pending.state,
    codeVerifier: pending.codeVerifier,
  });
  const sealed = await deps.vault.seal(grant.tokens);
  const orgId = pending.organizationId;
  const realmId = callback.realmId;
  const existing = await deps.connections.get(orgId, realmId);
  const isFirst = (await deps.connections.listByOrg(orgId)).length === 0;
  const base = {
    id: existing?.id ?? deps.ids.newId(),
    orgId,
    realmId,
    companyName: existing?.companyName ?? null,
    status: "connected" as const,
    encryptedTokens: sealed.sealed,
    accessTokenExpiresAt: grant.tokens.accessTokenExpiresAt.toISOString(),
    refreshTokenExpiresAt: grant.tokens.refreshTokenExpiresAt.toISOString(),
    refreshTokenHardExpiresAt: grant.tokens.refreshTokenHardExpiresAt?.toISOString() ?? null,
    classTrackingEnabled: existing?.classTrackingEnabled ?? false,
    locationTrackingEnabled: existing?.locationTrackingEnabled ?? false,
    isDefault: existing?.isDefault ?? isFirst,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: now.toISOString(),
  };
  await deps.connections.save(base, now.toISOString());

  const profile = await deps.gateway.readCompanyProfile({ orgId, realmId });
  const saved = await deps.atomically(async () => {
    await deps.connections.updateCompanyProfile(orgId, realmId, {
      companyName: profile.companyName,
      classTrackingEnabled: profile.classTracking !== "off",
      locationTrackingEnabled: profile.locationTracking,
    }, deps.clock.now().toISOString());
    const saved = await deps.connections.get(orgId, realmId);
    if (!saved) throw new DomainError("NOT_FOUND", "The connection disappeared while it was completed");

    await deps.audit({
      orgId,
      at: deps.clock.now().toISOString(),
      actor: `user:${pending.userId}`,
      action: existing ? "connection.reconnected" : "connection.connected",
      target: `realm:${realmId}`,
      details: {
        company_name: profile.companyName,
        class_tracking: profile.classTracking,
        location_tracking: profile.locationTracking,
        location_terminology: profile.locationTerminology,
      },
      requestId: null,
    });
    await deps.emit(orgId, "connection.connected", {
      realm_id: realmId,
      company_name: profile.companyName,
      reconnected: existing !== null,
      link: "/connections",
    }, deps.clock.now().toISOString());
    return saved;
  });
  await deps.afterConnect?.({ orgId, realmId });
  return saved;
}

function describe(error: unknown): Record<string, unknown> {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { message: String(error) };
}

function stateInvalid(message: string): DomainError {
  return new DomainError("OAUTH_STATE_INVALID", message);
}
