/**
 * Composition of the sync engine's running side: the sync job handler (pull and/or push), the job
 * worker that runs it (in `deno task start` unless RUN_WORKER=false, or alone in `deno task
 * worker`), and the sync API routes (jobs, the event log for EstateCore, the review queue).
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerSyncRoutes } from "../../adapters/http/routes/sync.ts";
import {
  eventListQuery,
  jobListQuery,
  startSyncInput,
  viewEvent,
  viewReview,
} from "../../adapters/http/routes/sync_view.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import { SYNC_JOB, syncJobHandler, viewJob } from "../sync/sync_jobs.ts";
import { getSyncJob, listReviews, listSyncEvents, listSyncJobs, startSync } from "../sync/sync_queries.ts";
import { syncRunEvents } from "../sync/sync_run_events.ts";
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
  readonly logger: Logger;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
  readonly emit: EmitEvent;
  /** The job worker's identity (see claimWorkerIdentity). */
  readonly workerId: string;
}): SyncEngineWiring {
  const { gateway, connections, clock, logger } = deps;
  const { mirror, links, settings, mappings, mappingRules, jobs, cursors, events, reviews, history } =
    deps.data;
  const worker = new JobWorker({
    jobs,
    clock,
    logger,
    audit: deps.audit,
    atomically: deps.atomically,
    announce: syncRunEvents(deps.emit),
    workerId: deps.workerId,
    handlers: {
      [SYNC_JOB]: syncJobHandler({
        mirror,
        links,
        connections,
        audit: deps.audit,
        atomically: deps.atomically,
        emit: deps.emit,
        gateway,
        settings,
        mappings,
        mappingRules,
        cursors,
        events,
        reviews,
        history,
        clock,
        logger,
      }),
    },
  });
  const now = () => clock.now();
  const routeModules = [(api: ApiApp) =>
    registerSyncRoutes(api, {
      startSync: async (caller, input) => {
        const { job, created } = await startSync({ jobs, connections, clock }, caller, startSyncInput(input));
        return { job: viewJob(job, now()), created };
      },
      getSyncJob: async (caller, jobId) => viewJob(await getSyncJob({ jobs }, caller, jobId), now()),
      listSyncJobs: async (caller, query) =>
        (await listSyncJobs({ jobs }, caller, jobListQuery(query))).map((job) => viewJob(job, now())),
      listSyncEvents: async (caller, query) =>
        (await listSyncEvents({ events, mirror }, caller, eventListQuery(query))).map(viewEvent),
      listReviews: async (caller, status) =>
        (await listReviews({ reviews, mirror }, caller, status)).map(viewReview),
    }, now)];
  return { worker, routeModules };
}
