import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { JobQueue } from "../../domain/ports/job_queue.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { PullCursorStore } from "../../domain/ports/pull_state.ts";
import { syncSettingsOf, type SyncSettingsRepository } from "../../domain/ports/sync_settings_repository.ts";
import { enqueueSync, SYNC_JOB } from "./sync_jobs.ts";

export interface ScheduledSyncDependencies {
  readonly connections: ConnectionRepository;
  readonly settings: SyncSettingsRepository;
  readonly jobs: JobQueue;
  readonly cursors: Pick<PullCursorStore, "lastPulledAt">;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The scheduled sync of every connected company whose organization turned `auto_sync_enabled` on:
 * once `sync_interval_minutes` have passed since the company's last pull (webhook-triggered and
 * manual pulls count) and since the last sync job queued for it, a `both` sync is queued: a CDC
 * poll from the stored cursor, then a push of what changed in EstateCore. Counting from the last
 * queued job too keeps a company whose syncs keep failing from being re-queued on every tick; the
 * job's own retries handle transient faults. Safe to run from several workers at once: the job
 * queue returns the sync already queued instead of a second one.
 */
export async function enqueueScheduledSyncs(
  deps: ScheduledSyncDependencies,
): Promise<{ readonly queued: number; readonly due: number }> {
  const now = deps.clock.now();
  const connected = await deps.connections.listByStatus("connected");
  const byOrg = Map.groupBy(connected, (c) => c.orgId);
  let queued = 0;
  let due = 0;
  for (const [orgId, connections] of byOrg) {
    const settings = await syncSettingsOf(deps.settings, orgId);
    if (!settings.auto_sync_enabled) continue;
    const intervalMs = settings.sync_interval_minutes * 60_000;
    const recent = await deps.jobs.listByOrg(orgId, { limit: 50, jobType: SYNC_JOB });
    for (const connection of connections) {
      const lastJob = recent.find((j) => j.realmId === connection.realmId)?.createdAt ?? null;
      const lastPull = await deps.cursors.lastPulledAt(orgId, connection.realmId);
      const last = Math.max(lastJob ? Date.parse(lastJob) : 0, lastPull ? Date.parse(lastPull) : 0);
      if (now.getTime() - last < intervalMs) continue;
      due++;
      try {
        const { created } = await enqueueSync(deps, orgId, connection.realmId, "both");
        if (created) queued++;
      } catch (error) {
        // The connection changed between listing and queuing (disconnected, needs re-authorization).
        if (!(error instanceof DomainError)) throw error;
        deps.logger.warn("scheduled sync not queued", {
          org_id: orgId,
          realm_id: connection.realmId,
          code: error.code,
        });
      }
    }
  }
  if (queued > 0) deps.logger.info("scheduled syncs queued", { queued, due });
  return { queued, due };
}
