import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository, QuickBooksConnection } from "../../domain/ports/connection_repository.ts";
import {
  defaultSyncSettings,
  type StoredSyncSettings,
  type SyncSettings,
  type SyncSettingsChanges,
  syncSettingsOf,
  type SyncSettingsRepository,
  SyncSettingsSchema,
} from "../../domain/ports/sync_settings_repository.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { type Caller, requireAuthorized, requireRole } from "../../domain/access/authorize.ts";

export interface SyncSettingsDependencies {
  readonly settings: SyncSettingsRepository;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly audit: AuditTrail;
}

/** Settings as the API shows them; `updatedAt` is null (and version 0) while only defaults apply. */
export interface SyncSettingsView extends Omit<StoredSyncSettings, "updatedAt"> {
  readonly updatedAt: string | null;
}

function defaults(): SyncSettingsView {
  return {
    settings: defaultSyncSettings(),
    validatedAgainstCompany: false,
    realmId: null,
    version: 0,
    updatedAt: null,
  };
}

/** The organization's sync settings (defaults until saved). */
export async function getSyncSettings(
  deps: SyncSettingsDependencies,
  caller: Caller,
): Promise<SyncSettingsView> {
  requireRole(caller, "settings:read");
  return (await deps.settings.get(caller.orgId)) ?? defaults();
}

type Issue = { path: string; message: string; code: string };

/**
 * What the connected company cannot do with these settings. Class and Location tracking are
 * QuickBooks Plus/Advanced features that the company must have switched on; the connection records
 * whether it had at connect time.
 */
function unsupportedByCompany(settings: SyncSettings, company: QuickBooksConnection): Issue[] {
  const name = company.companyName ?? `realm ${company.realmId}`;
  const off = (feature: string, switchName: string) =>
    `property_tracking "${feature}" needs ${feature} tracking, which is off in the QuickBooks company ${name}: ` +
    `turn on "${switchName}" in QuickBooks (Settings > Advanced > Categories), then save again`;
  if (settings.property_tracking === "class" && !company.classTrackingEnabled) {
    return [{
      path: "json.property_tracking",
      message: off("class", "Track classes"),
      code: "unsupported_by_company",
    }];
  }
  if (settings.property_tracking === "location" && !company.locationTrackingEnabled) {
    return [{
      path: "json.property_tracking",
      message: off("location", "Track locations"),
      code: "unsupported_by_company",
    }];
  }
  return [];
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
  const current = await syncSettingsOf(deps.settings, caller.orgId);
  const next = SyncSettingsSchema.parse({ ...current, ...changes });
  const connection = await deps.connections.getDefault(caller.orgId);
  const company = connection && connection.status !== "disconnected" ? connection : null;
  // Only what the caller sends is checked against the company: a stored tracking the company has
  // since turned off (or never had, on a default the company does not support) never blocks a
  // change of another field.
  const touchesTracking = changes.property_tracking !== undefined || changes.unit_tracking !== undefined;
  const issues = touchesTracking
    ? [...inconsistent(next), ...(company ? unsupportedByCompany(next, company) : [])]
    : [];
  if (issues.length > 0) {
    throw new DomainError("VALIDATION_FAILED", issues.map((i) => `${i.path}: ${i.message}`).join("; "), {
      issues,
      ...(company ? { realm_id: company.realmId } : {}),
    });
  }
  const now = deps.clock.now().toISOString();
  const saved = await deps.settings.save(caller.orgId, {
    settings: next,
    validatedAgainstCompany: company !== null,
    realmId: company?.realmId ?? null,
  }, now);
  await deps.audit({
    orgId: caller.orgId,
    at: now,
    actor: `user:${caller.userId}`,
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
}
