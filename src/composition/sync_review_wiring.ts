/**
 * Composition of what people use while a sync runs and after it: the live progress stream of a
 * job (Server-Sent Events) and the resolution of conflicts in the review queue.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerSyncReviewRoutes } from "../../adapters/http/routes/sync_reviews.ts";
import { registerSyncStreamRoutes } from "../../adapters/http/routes/sync_stream.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { DEFAULT_JOB_STREAM_OPTIONS } from "../sync/job_progress_stream.ts";
import { watchSyncJob } from "../sync/sync_queries.ts";
import { resolveReview } from "../sync/resolve_review.ts";
import { viewReview } from "../sync/review_view.ts";
import { enqueueSync, viewJob } from "../sync/sync_jobs.ts";
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
  readonly streamTiming?: Partial<JobStreamTiming>;
}): { readonly routeModules: ReadonlyArray<(api: ApiApp) => void> } {
  const { data, clock, logger } = deps;
  const timing = { ...DEFAULT_JOB_STREAM_OPTIONS, ...deps.streamTiming };
  const { reviews, events } = data;
  const now = () => clock.now();

  const stream = (api: ApiApp) =>
    registerSyncStreamRoutes(api, {
      async *watchSyncJob(caller, jobId, options) {
        try {
          yield* watchSyncJob({ jobs: data.jobs, clock }, caller, jobId, {
            ...timing,
            ...options,
          });
        } catch (error) {
          if (!(error instanceof DomainError && error.code === "NOT_FOUND")) {
            logger.error("job progress stream failed", { job_id: jobId, error });
          }
          throw error;
        }
      },
    });

  const review = (api: ApiApp) =>
    registerSyncReviewRoutes(api, {
      resolveReview: async (caller, input) => {
        const resolution = await resolveReview(
          { ...data, reviews, events, gateway: deps.gateway, audit: deps.audit, clock },
          caller,
          { reviewId: input.review_id, side: input.side, requestId: input.request_id },
        );
        const r = resolution.review;
        // EstateCore's side is applied by a push; queue it now so the decision reaches QBO at once.
        // A connection that needs re-authorization leaves it to the next sync (the review stays resolved).
        const push = input.push_now && resolution.fieldsToQuickbooks.length > 0
          ? await enqueueSync(
            { jobs: data.jobs, connections: deps.connections, clock },
            r.orgId,
            r.realmId,
            "push",
          ).catch((error) => {
            if (error instanceof DomainError && (error.code === "QB002" || error.code === "NOT_FOUND")) {
              return null;
            }
            throw error;
          })
          : null;
        return {
          review: viewReview(r),
          fields_to_quickbooks: [...resolution.fieldsToQuickbooks],
          fields_to_estatecore: [...resolution.fieldsToEstatecore],
          push_job: push ? viewJob(push.job, now()) : null,
        };
      },
    }, now);

  return { routeModules: [stream, review] };
}
