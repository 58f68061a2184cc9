/**
 * Composition of the sync engine's running side: the sync job handler (pull and/or push), the job
 * worker that runs it (in `deno task start` unless RUN_WORKER=false, or alone in `deno task
 * worker`), and the sync API routes (jobs, the event log for EstateCore, the review queue).
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerSyncRoutes } from "../../adapters/http/routes/sync.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import { enqueueSync, SYNC_JOB, syncJobHandler, viewJob } from "../sync/sync_jobs.ts";
import { viewReview } from "../sync/review_view.ts";
import { JobWorker } from "../worker/job_worker.ts";
import type { SyncDataWiring } from "./sync_data_wiring.ts";

export interface SyncEngineWiring {
  readonly worker: JobWorker;
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
}

export function wireSyncEngine(deps: {
  readonly data: SyncDataWiring;
  readonly gateway: QuickBooksGateway;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
}): SyncEngineWiring {
  const { data, gateway, connections, clock, logger } = deps;
  const { events, reviews } = data;
  const worker = new JobWorker({
    jobs: data.jobs,
    clock,
    logger,
    workerId: `worker-${deps.ids.newId()}`,
    handlers: {
      [SYNC_JOB]: syncJobHandler({ ...data, gateway, clock, logger }),
    },
  });
  const now = () => clock.now();
  const routeModules = [(api: ApiApp) =>
    registerSyncRoutes(api, {
      startSync: async (principal, input) => {
        const { job, created } = await enqueueSync(
          { jobs: data.jobs, connections, clock },
          principal.orgId,
          input.realm_id,
          input.direction,
        );
        return { job: viewJob(job, now()), created };
      },
      getSyncJob: async (orgId, jobId) => {
        const job = await data.jobs.get(jobId);
        if (!job || job.orgId !== orgId) {
          throw new DomainError("NOT_FOUND", `No sync job ${jobId}`, { job_id: jobId });
        }
        return viewJob(job, now());
      },
      listSyncJobs: async (orgId, options) =>
        (await data.jobs.listByOrg(orgId, {
          limit: options.limit,
          status: options.status as Parameters<typeof data.jobs.listByOrg>[1]["status"],
        })).map((job) => viewJob(job, now())),
      listSyncEvents: async (orgId, options) =>
        (await events.list(orgId, { afterSeq: options.after_seq, limit: options.limit })).map((e) => ({
          seq: e.seq,
          at: e.at,
          event: e.event,
          realm_id: e.realmId,
          entity_type: e.entityType,
          qbo_id: e.qboId,
          record_type: e.recordType,
          record_ids: [...e.recordIds],
          suggested_action: e.suggestedAction,
          details: { ...e.details },
        })),
      listReviews: async (orgId, status) =>
        (await reviews.list(orgId, { status, limit: 500 })).map(viewReview),
    }, now)];
  return { worker, routeModules };
}
