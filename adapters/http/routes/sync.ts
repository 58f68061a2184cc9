import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { raises } from "../error_responses.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { JOB_STATUSES } from "../../../domain/ports/job_queue.ts";

/** Every job status; `succeeded_with_errors`: the job ran to the end but `progress.failed` items failed. */
const JobStatusSchema = z.enum(JOB_STATUSES);

/** A sync job as the API shows it (also the payload of its progress stream events). */
export const SyncJob = z.object({
  id: z.string(),
  type: z.string(),
  status: JobStatusSchema,
  realm_id: z.string().nullable(),
  progress: z.object({
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    rate_per_second: z.number().nullable(),
    eta_seconds: z.number().int().nullable(),
  }),
  attempts: z.number().int().openapi({
    description: "The run's attempt number: one more after each failure of the work; a crash or a lease " +
      "takeover spends none (those are `interruptions`)",
  }),
  interruptions: z.number().int().openapi({
    description: "Runs cut short by a worker crash or a lease takeover, resumed under the same attempt",
  }),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
}).openapi("SyncJob");
type SyncJobView = z.infer<typeof SyncJob>;

const SyncEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  event: z.string().openapi({ example: "quickbooks.voided" }),
  realm_id: z.string(),
  entity_type: z.string(),
  qbo_id: z.string(),
  record_type: z.string().nullable(),
  record_ids: z.array(z.string()),
  suggested_action: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
}).openapi("SyncEvent");

/** A conflict in the review queue. */
export const ReviewItem = z.object({
  id: z.string(),
  realm_id: z.string(),
  entity_type: z.string(),
  record_id: z.string(),
  qbo_id: z.string(),
  conflicts: z.array(z.record(z.string(), z.unknown())),
  status: z.enum(["open", "resolved"]),
  resolution: z.enum(["estatecore", "quickbooks"]).nullable(),
  created_at: z.string(),
  resolved_at: z.string().nullable(),
}).openapi("ReviewItem");

/** What the sync routes need from the application. */
export interface SyncServices {
  startSync(
    caller: Caller,
    input: { direction: "push" | "pull" | "both"; realm_id?: string },
  ): Promise<{ job: SyncJobView; created: boolean }>;
  listSyncEvents(
    caller: Caller,
    options: { after_seq?: number; limit: number },
  ): Promise<z.infer<typeof SyncEvent>[]>;
  listReviews(caller: Caller, status?: "open" | "resolved"): Promise<z.infer<typeof ReviewItem>[]>;
  getSyncJob(caller: Caller, jobId: string): Promise<SyncJobView>;
  listSyncJobs(caller: Caller, options: { limit: number; status?: string }): Promise<SyncJobView[]>;
}

export function registerSyncRoutes(api: ApiApp, services: SyncServices, now: () => Date): void {
  api.openapi(
    createRoute({
      method: "post",
      path: "/sync",
      tags: ["sync"],
      summary: "Sync all data now: queues a job and returns its id",
      description:
        "`push` sends EstateCore's records to QuickBooks (creates, sparse updates, voids); `pull` " +
        "brings QuickBooks-side changes back (CDC, three-way merge under the conflict policy, events, review " +
        "queue); `both` pulls then pushes. A sync already queued or running for the same company and " +
        "direction is returned instead of a second one (200).",
      ...requires("sync:run"),
      ...raises("QB002"),
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                direction: z.enum(["push", "pull", "both"]).default("both"),
                realm_id: z.string().min(1).max(32).optional(),
              }).openapi("SyncRequest"),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Already queued or running",
          content: { "application/json": { schema: envelopeOf(SyncJob) } },
        },
        202: { description: "Queued", content: { "application/json": { schema: envelopeOf(SyncJob) } } },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      const { job, created } = await services.startSync(caller, c.req.valid("json"));
      return c.json(successEnvelope(job, now()), created ? 202 : 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/sync/jobs/{job_id}",
      tags: ["sync"],
      summary: "A sync job with its progress (total, done, failed, skipped, rate, ETA)",
      ...requires("sync:read"),
      request: { params: z.object({ job_id: z.string().min(1).max(64) }) },
      responses: {
        200: { description: "Job", content: { "application/json": { schema: envelopeOf(SyncJob) } } },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      return c.json(
        successEnvelope(await services.getSyncJob(caller, c.req.valid("param").job_id), now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/sync/jobs",
      tags: ["sync"],
      summary: "Recent sync jobs of the organization, newest first",
      ...requires("sync:read"),
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          status: JobStatusSchema.optional(),
        }),
      },
      responses: {
        200: {
          description: "Jobs",
          content: { "application/json": { schema: envelopeOf(z.array(SyncJob)) } },
        },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      return c.json(
        successEnvelope(await services.listSyncJobs(caller, c.req.valid("query")), now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/sync/events",
      tags: ["sync"],
      summary:
        "What happened in QuickBooks that EstateCore must hear about (voids, deletions, edits, payments entered)",
      ...requires("sync:read"),
      request: {
        query: z.object({
          after_seq: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "Events in order",
          content: { "application/json": { schema: envelopeOf(z.array(SyncEvent)) } },
        },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      return c.json(
        successEnvelope(await services.listSyncEvents(caller, c.req.valid("query")), now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/sync/reviews",
      tags: ["sync"],
      summary: 'Conflicts waiting for a person (conflict policy "manual")',
      ...requires("sync:read"),
      request: { query: z.object({ status: z.enum(["open", "resolved"]).optional() }) },
      responses: {
        200: {
          description: "Review items",
          content: { "application/json": { schema: envelopeOf(z.array(ReviewItem)) } },
        },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      return c.json(
        successEnvelope(await services.listReviews(caller, c.req.valid("query").status), now()),
        200,
      );
    },
  );
}
