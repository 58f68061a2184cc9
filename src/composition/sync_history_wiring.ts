/**
 * Composition of the sync history API: GET /sync/history, re-sync of one record and
 * POST /sync/entity (selective pushes run by the sync job handler like any other sync job).
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerSyncHistoryRoutes } from "../../adapters/http/routes/sync_history.ts";
import { historyQuery, selectiveSyncInput } from "../../adapters/http/routes/sync_history_view.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import { enqueueSelectiveSync } from "../sync/resync.ts";
import { viewSyncHistory } from "../sync/sync_history_view.ts";
import { viewJob } from "../sync/sync_jobs.ts";
import type { SyncDataWiring } from "./sync_data_wiring.ts";

export function wireSyncHistory(deps: {
  readonly data: SyncDataWiring;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
}): { readonly routeModules: ReadonlyArray<(api: ApiApp) => void> } {
  const { connections, clock } = deps;
  const { history, jobs, mirror } = deps.data;
  const now = () => clock.now();
  return {
    routeModules: [(api: ApiApp) =>
      registerSyncHistoryRoutes(api, {
        viewHistory: (caller, query) => viewSyncHistory({ history, jobs }, caller, historyQuery(query)),
        syncEntities: async (caller, input) => {
          const { job, created } = await enqueueSelectiveSync(
            { jobs, connections, mirror, clock },
            caller,
            selectiveSyncInput(input),
          );
          return { job: viewJob(job, now()), created };
        },
      }, now)],
  };
}
