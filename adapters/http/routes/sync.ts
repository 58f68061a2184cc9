import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp, Principal } from "../api_types.ts";
import { requirePermission } from "../access.ts";
import { envelopeOf, STANDARD_ERRORS, successEnvelope } from "../envelope.ts";

const SyncJob = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  realm_id: z.string().nullable(),
  progress: z.object({
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    rate_per_second: z.number().nullable(),
    eta_seconds: z.number().int().nullable(),
  }),
  attempts: z.number().int(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
}).openapi("SyncJob");
type SyncJobView = z.infer<typeof SyncJob>;

/** What the sync routes need from the application. */
export interface SyncServices {
  startSync(
    principal: Principal,
    input: { direction: "push"; realm_id?: string },
  ): Promise<{ job: SyncJobView; created: boolean }>;
  getSyncJob(orgId: string, jobId: string): Promise<SyncJobView>;
  listSyncJobs(orgId: string, options: { limit: number; status?: string }): Promise<SyncJobView[]>;
}

const security = [{ bearerAuth: [] }];

export function registerSyncRoutes(api: ApiApp, services: SyncServices, now: () => Date): void {
  api.openapi(
    createRoute({
      method: "post",
      path: "/sync",
      tags: ["sync"],
      summary: "Sync all data now: queues a job and returns its id",
      description:
        "direction `push` sends EstateCore's records to QuickBooks (creates, sparse updates, voids). " +
        "A push already queued or running for the same company is returned instead of a second one (200).",
      security,
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                direction: z.enum(["push"]).default("push"),
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
        ...STANDARD_ERRORS,
      },
    }),
    async (c) => {
      const principal = c.get("principal");
      requirePermission(principal, "sync:run");
      const { job, created } = await services.startSync(principal, c.req.valid("json"));
      return c.json(successEnvelope(job, now()), created ? 202 : 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/sync/jobs/{job_id}",
      tags: ["sync"],
      summary: "A sync job with its progress (total, done, failed, skipped, rate, ETA)",
      security,
      request: { params: z.object({ job_id: z.string().min(1).max(64) }) },
      responses: {
        200: { description: "Job", content: { "application/json": { schema: envelopeOf(SyncJob) } } },
        404: {
          description: "No such job in this organization",
          content: { "application/json": { schema: envelopeOf(z.null()) } },
        },
        ...STANDARD_ERRORS,
      },
    }),
    async (c) => {
      const principal = c.get("principal");
      requirePermission(principal, "sync:read");
      return c.json(
        successEnvelope(await services.getSyncJob(principal.orgId, c.req.valid("param").job_id), now()),
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
      security,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          status: z.enum(["queued", "running", "succeeded", "dead", "cancelled"]).optional(),
        }),
      },
      responses: {
        200: {
          description: "Jobs",
          content: { "application/json": { schema: envelopeOf(z.array(SyncJob)) } },
        },
        ...STANDARD_ERRORS,
      },
    }),
    async (c) => {
      const principal = c.get("principal");
      requirePermission(principal, "sync:read");
      return c.json(
        successEnvelope(await services.listSyncJobs(principal.orgId, c.req.valid("query")), now()),
        200,
      );
    },
  );
}
