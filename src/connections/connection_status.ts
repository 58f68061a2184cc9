import type { Clock } from "../../domain/ports/clock.ts";
import {
  type ConnectionRepository,
  type QuickBooksConnection,
  trackingSupportOf,
} from "../../domain/ports/connection_repository.ts";
import { trackingProblem, type UnsupportedTracking } from "../../domain/mapping/tracking_support.ts";
import { settingsFor, type SyncSettingsRepository } from "../../domain/ports/sync_settings_repository.ts";
import type { CircuitReport, CircuitStatus } from "../../domain/ports/quickbooks_gateway.ts";
import { type MappingValidation, uncheckedValidation } from "../../domain/mapping/mapping_validation.ts";
import type { ConnectionOutcome } from "./complete_connection.ts";
import { resolveConnection } from "./resolve_connection.ts";

/** What the status endpoint reports about one company connection (never a token). */
export interface ConnectionStatusView {
  readonly connected: boolean;
  readonly status: QuickBooksConnection["status"];
  /** Null when the organization has not connected any company yet. */
  readonly realmId: string | null;
  readonly companyName: string | null;
  readonly isDefault: boolean;
  readonly accessTokenExpiresAt: string | null;
  readonly refreshTokenExpiresAt: string | null;
  readonly refreshTokenHardExpiresAt: string | null;
  readonly classTrackingEnabled: boolean;
  readonly locationTrackingEnabled: boolean;
  readonly circuit: CircuitStatus;
  /** When the realm's circuit opened, and when it lets a trial call through; null while closed. */
  readonly circuitOpenedAt: string | null;
  readonly circuitRetryAt: string | null;
  /** Connected, refresh token still valid and the realm's circuit not open. */
  readonly readyForSync: boolean;
  /**
   * The latest failure: the one that opened the circuit while it is not closed (unless the
   * connection recorded a later one), otherwise the connection's own last error.
   */
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string | null } | null;
  /** Whether the organization's account mapping fits this company (checked at connect and on every mapping write). */
  readonly mappingValidation: MappingValidation;
  /**
   * The settings' tracking the company has turned off (the push refuses with TRACKING_NOT_SUPPORTED
   * until it is turned on again or the settings change); null when the push can track as configured.
   */
  readonly trackingProblem: UnsupportedTracking | null;
}

export interface ConnectionStatusDeps {
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly circuitReport: (realmId: string) => CircuitReport;
  /** The recorded validation of the organization's mapping against a company (`unchecked` without it). */
  readonly mappingValidation?: (orgId: string, realmId: string) => Promise<MappingValidation>;
  /** The organization's settings, to tell whether the company supports their tracking. */
  readonly settings: Pick<SyncSettingsRepository, "get">;
}

/**
 * Status of one connection: the named realm (NOT_FOUND when the organization has no such
 * company), or the default one; an organization without any company is simply not connected.
 */
export async function connectionStatus(
  deps: ConnectionStatusDeps,
  orgId: string,
  realmId?: string,
): Promise<ConnectionStatusView> {
  if (!realmId && !(await deps.connections.getDefault(orgId))) return NOT_CONNECTED;
  return await toView(deps, await resolveConnection(deps.connections, orgId, realmId));
}

const NOT_CONNECTED: ConnectionStatusView = {
  connected: false,
  status: "disconnected",
  realmId: null,
  companyName: null,
  isDefault: false,
  accessTokenExpiresAt: null,
  refreshTokenExpiresAt: null,
  refreshTokenHardExpiresAt: null,
  classTrackingEnabled: false,
  locationTrackingEnabled: false,
  circuit: "closed",
  circuitOpenedAt: null,
  circuitRetryAt: null,
  readyForSync: false,
  lastError: null,
  mappingValidation: uncheckedValidation(),
  trackingProblem: null,
};

/**
 * What the OAuth callback answers once `completeConnection` has ended: a company just connected,
 * with its status as `connectionStatus` reports it, or the denial or failure as it was; each with
 * the return URL stored with the state.
 */
export async function connectionOutcomeStatus(
  deps: ConnectionStatusDeps,
  outcome: ConnectionOutcome,
): Promise<
  | { readonly status: "connected"; readonly view: ConnectionStatusView; readonly returnUrl: string | null }
  | Exclude<ConnectionOutcome, { readonly status: "connected" }>
> {
  if (outcome.status !== "connected") return outcome;
  const { orgId, realmId } = outcome.connection;
  return {
    status: "connected",
    view: await connectionStatus(deps, orgId, realmId),
    returnUrl: outcome.returnUrl,
  };
}

/** Status of every company the organization connected. */
export async function listConnectionStatuses(
  deps: ConnectionStatusDeps,
  orgId: string,
): Promise<ConnectionStatusView[]> {
  return await Promise.all(
    (await deps.connections.listByOrg(orgId)).map((connection) => toView(deps, connection)),
  );
}

async function toView(
  deps: ConnectionStatusDeps,
  connection: QuickBooksConnection,
): Promise<ConnectionStatusView> {
  const now = deps.clock.now().getTime();
  const refreshValid = [connection.refreshTokenExpiresAt, connection.refreshTokenHardExpiresAt]
    .every((at) => at === null || Date.parse(at) > now);
  const report = deps.circuitReport(connection.realmId);
  const circuit = report.state;
  const stored = connection.lastErrorCode
    ? {
      code: connection.lastErrorCode,
      message: connection.lastErrorMessage ?? "",
      at: connection.lastErrorAt,
    }
    : null;
  const breakerIsLater = report.error !== null &&
    (stored === null || stored.at === null || Date.parse(report.error.at) >= Date.parse(stored.at));
  const connected = connection.status === "connected" && connection.encryptedTokens !== null;
  const support = trackingSupportOf(connection);
  const problem = support &&
    trackingProblem(settingsFor(await deps.settings.get(connection.orgId), support), support);
  return {
    connected,
    status: connection.status,
    realmId: connection.realmId,
    companyName: connection.companyName,
    isDefault: connection.isDefault,
    accessTokenExpiresAt: connection.accessTokenExpiresAt,
    refreshTokenExpiresAt: connection.refreshTokenExpiresAt,
    refreshTokenHardExpiresAt: connection.refreshTokenHardExpiresAt,
    classTrackingEnabled: connection.classTrackingEnabled,
    locationTrackingEnabled: connection.locationTrackingEnabled,
    circuit,
    circuitOpenedAt: report.openedAt,
    circuitRetryAt: report.retryAt,
    readyForSync: connected && refreshValid && circuit !== "open" && circuit !== "isolated" && !problem,
    lastError: breakerIsLater ? report.error : stored,
    mappingValidation: deps.mappingValidation
      ? await deps.mappingValidation(connection.orgId, connection.realmId)
      : uncheckedValidation(connection.realmId),
    trackingProblem: problem,
  };
}
