/**
 * Persistence of integration health: each organization's last evaluated state (the hysteresis'
 * since-times live in it, so status does not flap across processes and restarts) and the history of
 * its status changes, newest first.
 */
import type { HealthState, HealthStatusChange } from "../health/evaluate_health.ts";

export interface StoredHealthState extends HealthState {
  /** +1 on every save; a save names the version it read. */
  readonly version: number;
}

/** One recorded status change (`realmId` null: the organization's own status). */
export interface HealthHistoryEntry extends HealthStatusChange {
  /** Per-organization sequence number, gap-free, in the order the changes were recorded. */
  readonly seq: number;
}

export interface HealthHistoryPage {
  readonly entries: HealthHistoryEntry[];
  readonly nextCursor: string | null;
}

export interface IntegrationHealthStore {
  get(orgId: string): Promise<StoredHealthState | null>;
  /**
   * Stores the state if the stored version is still `expectedVersion` (0: none stored yet) and
   * appends the changes to the history, in one transaction. False, and nothing written, when another
   * evaluation saved first.
   */
  save(
    orgId: string,
    state: HealthState,
    expectedVersion: number,
    changes: readonly HealthStatusChange[],
  ): Promise<boolean>;
  /** Status changes newest first, optionally of one company (`realmId`) or the organization (null). */
  history(
    orgId: string,
    query: { readonly realmId?: string | null; readonly cursor?: string; readonly limit: number },
  ): Promise<HealthHistoryPage>;
}
