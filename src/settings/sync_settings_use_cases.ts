import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import {
  type ConnectionRepository,
  type QuickBooksConnection,
  trackingSupportOf,
} from "../../domain/ports/connection_repository.ts";
import {
  settingsFor,
  type StoredSyncSettings,
  type SyncSettingName,
  type SyncSettings,
  type SyncSettingsChanges,
  type SyncSettingsRepository,
  SyncSettingsSchema,
} from "../../domain/ports/sync_settings_repository.ts";
import { unsupportedTracking } from "../../domain/mapping/tracking_support.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { type Caller, requireAuthorized, requireRole } from "../../domain/access/authorize.ts";
import { actorOf } from "../../domain/access/caller.ts";

export interface SyncSettingsDependencies {
  readonly settings: SyncSettingsRepository;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
}

/** Settings as the API shows them; `updatedAt` is null (and version 0) while only defaults apply. */
export interface SyncSettingsView extends Omit<StoredSyncSettings, "updatedAt"> {
  readonly updatedAt: string | null;
}

/** The company the settings are checked against: the default connection, unless disconnected. */
async function companyOf(deps: SyncSettingsDependencies, orgId: string) {
  const connection = await deps.connections.getDefault(orgId);
  return connection && connection.status !== "disconnected" ? connection : null;
}

/**
 * The organization's sync settings: those it chose, defaults for the others (`property_tracking`'s
 * default being one the default company supports).
 */
export async function getSyncSettings(
  deps: SyncSettingsDependencies,
  caller: Caller,
): Promise<SyncSettingsView> {
  requireRole(caller, "settings:read");
  const stored = await deps.settings.get(caller.orgId);
  const settings = settingsFor(stored, trackingSupportOf(await companyOf(deps, caller.orgId)));
  return stored ? { ...stored, settings } : {
    settings,
    chosen: [],
    validatedAgainstCompany: false,
    realmId: null,
    version: 0,
    updatedAt: null,
  };
}

type Issue = { path: string; message: string; code: string };

/** What the connected company cannot do with these settings (Class and Location tracking are switches in QBO). */
function unsupportedByCompany(settings: SyncSettings, company: QuickBooksConnection): Issue[] {
  const support = trackingSupportOf(company);
  const unsupported = support && unsupportedTracking(settings.property_tracking, support);
  return unsupported
    ? [{ path: "json.property_tracking", message: unsupported.message, code: "unsupported_by_company" }]
    : [];
}

/** Rules between fields: units can only be sub-classes/sub-locations of a property that is one. */
function inconsistent(settings: SyncSettings): Issue[] {
  if (settings.unit_tracking === "sub_class" && settings.property_tracking === "parent_customer") {
    return [{
      path: "json.unit_tracking",
      message: 'unit_tracking "sub_class" needs property_tracking "class" or "location"',
      code: "invalid_value",
    }];
  }
  return [];
}

/**
 * Updates the settings: the fields sent replace the current ones, the others are kept. Tracking
 * sent is checked against the default QuickBooks connection when there is one
 * (`validatedAgainstCompany`); without a connection it is accepted and will be checked when the
 * company is connected. A change that sends no tracking field is never refused for tracking.
 */
export async function putSyncSettings(
  deps: SyncSettingsDependencies,
  caller: Caller,
  changes: SyncSettingsChanges,
  requestId: string | null,
): Promise<SyncSettingsView> {
  requireAuthorized(caller, "settings:write");
  const company = await companyOf(deps, caller.orgId);
  const stored = await deps.settings.get(caller.orgId);
  const current = settingsFor(stored, trackingSupportOf(company));
  const next = SyncSettingsSchema.parse({ ...current, ...changes });
  const chosen = [...new Set([...(stored?.chosen ?? []), ...Object.keys(changes) as SyncSettingName[]])];
  // Only what the caller sends is checked against the company: a stored tracking the company has
  // since turned off (or never had, on a default the company does not support) never blocks a
  // change of another field.
  const touchesTracking = changes.property_tracking !== undefined || changes.unit_tracking !== undefined;
  const issues = [
    ...(touchesTracking ? inconsistent(next) : []),
    ...(company && changes.property_tracking !== undefined ? unsupportedByCompany(next, company) : []),
  ];
  if (issues.length > 0) {
    throw new DomainError("VALIDATION_FAILED", issues.map((i) => `${i.path}: ${i.message}`).join("; "), {
      issues,
      ...(company ? { realm_id: company.realmId } : {}),
    });
  }
  const now = deps.clock.now().toISOString();
  const saved = await deps.atomically(async () => {
    const saved = await deps.settings.save(caller.orgId, {
      settings: next,
      chosen,
      validatedAgainstCompany: company !== null,
      realmId: company?.realmId ?? null,
    }, now);
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action: "settings.sync_updated",
      target: "settings:sync",
      details: {
        version: saved.version,
        changed: Object.keys(changes).sort(),
        validated_against_company: company !== null,
      },
      requestId,
    });
    return saved;
  });
  return { ...saved, settings: settingsFor(saved, trackingSupportOf(company)) };
}
