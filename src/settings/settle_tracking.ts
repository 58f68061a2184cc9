import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import { type ConnectionRepository, trackingSupportOf } from "../../domain/ports/connection_repository.ts";
import type { QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import { settingsFor, type SyncSettingsRepository } from "../../domain/ports/sync_settings_repository.ts";

export interface SettleTrackingDependencies {
  readonly settings: SyncSettingsRepository;
  readonly connections: Pick<ConnectionRepository, "get" | "getDefault">;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
}

/**
 * Once a company is connected as the organization's default and the organization has not chosen a
 * property tracking, the default that company supports (Class, else Location, else a parent
 * Customer) is recorded as the organization's choice, audited. From then on the tracking stays what
 * the books were written with: a company that later turns that tracking off gets a blocking
 * TRACKING_NOT_SUPPORTED on the next push, never a silent switch that re-tracks every record.
 * Returns the tracking recorded, or null when there was nothing to settle.
 */
export async function settleTrackingAtConnect(
  deps: SettleTrackingDependencies,
  target: QuickBooksTarget,
): Promise<string | null> {
  const connection = await deps.connections.get(target.orgId, target.realmId);
  const defaultConnection = await deps.connections.getDefault(target.orgId);
  if (!connection || defaultConnection?.realmId !== target.realmId) return null;
  const stored = await deps.settings.get(target.orgId);
  if (stored?.chosen.includes("property_tracking")) return null;
  const support = trackingSupportOf(connection);
  if (support === null) return null;
  const settings = settingsFor(stored, support);
  const now = deps.clock.now().toISOString();
  await deps.atomically(async () => {
    const saved = await deps.settings.save(target.orgId, {
      settings,
      chosen: [...(stored?.chosen ?? []), "property_tracking"],
      validatedAgainstCompany: true,
      realmId: target.realmId,
    }, now);
    await deps.audit({
      orgId: target.orgId,
      at: now,
      actor: "system:connect",
      action: "settings.tracking_defaulted",
      target: "settings:sync",
      details: {
        version: saved.version,
        property_tracking: settings.property_tracking,
        realm_id: target.realmId,
        class_tracking: support.classTracking,
        location_tracking: support.locationTracking,
      },
      requestId: null,
    });
  });
  return settings.property_tracking;
}
