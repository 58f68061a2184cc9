/**
 * Composition of what people use while a sync runs and after it: the live progress stream of a
 * job (Server-Sent Events) and the resolution of conflicts in the review queue.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerSyncReviewRoutes } from "../../adapters/http/routes/sync_reviews.ts";
import { resolveReviewInput, viewReviewResolution } from "../../adapters/http/routes/sync_reviews_view.ts";
import { registerSyncStreamRoutes } from "../../adapters/http/routes/sync_stream.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import { DEFAULT_JOB_STREAM_OPTIONS } from "../sync/job_progress_stream.ts";
import { resolveReviewAndPush } from "../sync/resolve_review.ts";
import { viewJob } from "../sync/sync_jobs.ts";
import { watchSyncJob } from "../sync/sync_queries.ts";
import type { SyncDataWiring } from "./sync_data_wiring.ts";

/** Pacing of the progress stream: how often the job row is read, and the longest silence. */
export interface JobStreamTiming {
  readonly pollIntervalMs: number;
  readonly heartbeatMs: number;
}

export function wireSyncReview(deps: {
  readonly data: SyncDataWiring;
  readonly gateway: QuickBooksGateway;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
  readonly emit: EmitEvent;
  readonly streamTiming?: Partial<JobStreamTiming>;
}): { readonly routeModules: ReadonlyArray<(api: ApiApp) => void> } {
  const { gateway, connections, clock, logger, audit, atomically, emit } = deps;
  const { mirror, links, settings, mappings, reviews, events, jobs } = deps.data;
  const timing = { ...DEFAULT_JOB_STREAM_OPTIONS, ...deps.streamTiming };
  const now = () => clock.now();

  const stream = (api: ApiApp) =>
    registerSyncStreamRoutes(api, {
      watchSyncJob: (caller, jobId, options) =>
        watchSyncJob({ jobs, clock, logger }, caller, jobId, { ...timing, ...options }),
    });

  const resolution = {
    mirror,
    links,
    settings,
    mappings,
    mappingRules: deps.data.mappingRules,
    reviews,
    events,
    gateway,
    audit,
    atomically,
    emit,
    clock,
    jobs,
    connections,
  };
  const review = (api: ApiApp) =>
    registerSyncReviewRoutes(api, {
      resolveReview: async (caller, input) =>
        viewReviewResolution(
          await resolveReviewAndPush(resolution, caller, resolveReviewInput(input)),
          (job) => viewJob(job, now()),
        ),
    }, now);

  return { routeModules: [stream, review] };
}
