import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { raises } from "../error_responses.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { SyncJob } from "./sync.ts";
import { MIRROR_RECORD_TYPES } from "../../../domain/ports/record_mirror.ts";

const OUTCOMES = ["created", "updated", "removed", "adopted", "failed", "blocked", "invalid"] as const;

const RunSummary = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
  adopted: z.number().int(),
  failed: z.number().int(),
  blocked: z.number().int(),
  invalid: z.number().int(),
  write_calls: z.number().int(),
}).openapi("SyncRunSummary");

const SyncRun = z.object({
  job_id: z.string(),
  realm_id: z.string().nullable(),
  status: z.string(),
  direction: z.string(),
  selection: z.record(z.string(), z.unknown()).nullable().openapi({
    description: "The records a selective push chose; null for a full sync and for property-scoped callers " +
      "(a selection may name other properties' records)",
  }),
  force: z.boolean(),
  summary: RunSummary.nullable().openapi({
    description:
      "Organization-wide counts of the push; null until it finished and for property-scoped callers",
  }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
}).openapi("SyncRun");

const SyncHistoryEntry = z.object({
  id: z.string(),
  job_id: z.string(),
  realm_id: z.string(),
  outcome: z.enum(OUTCOMES),
  record_type: z.string().openapi({ description: "EstateCore record type, or `item` for a charge item" }),
  record_id: z.string(),
  property_id: z.string().nullable(),
  entity_type: z.string().nullable().openapi({ example: "Invoice" }),
  sync_record_id: z.string().nullable(),
  qbo_id: z.string().nullable(),
  error: z.object({
    code: z.string().nullable().openapi({ example: "QB004" }),
    qbo_code: z.string().nullable().openapi({ example: "6240" }),
    message: z.string(),
  }).nullable(),
  recorded_at: z.string(),
}).openapi("SyncHistoryEntry");

const SyncHistory = z.object({
  runs: z.array(SyncRun),
  entries: z.array(SyncHistoryEntry),
  next_cursor: z.string().nullable(),
}).openapi("SyncHistory");

const RecordRef = z.object({
  record_type: z.enum(MIRROR_RECORD_TYPES),
  record_id: z.string().min(1).max(200),
});

const SyncEntityRequest = z.object({
  record_types: z.array(z.enum(MIRROR_RECORD_TYPES)).max(MIRROR_RECORD_TYPES.length).default([]),
  records: z.array(RecordRef).max(500).default([]),
  force: z.boolean().default(false),
  realm_id: z.string().min(1).max(32).optional(),
}).refine((b) => b.record_types.length > 0 || b.records.length > 0, {
  message: "Name at least one record type or record",
}).openapi("SyncEntityRequest");

type SyncJobView = z.infer<typeof SyncJob>;
type Outcome = typeof OUTCOMES[number];

/** What the history routes need from the application. */
export interface SyncHistoryServices {
  viewHistory(caller: Caller, query: {
    job_id?: string;
    record_type?: string;
    record_id?: string;
    outcomes?: Outcome[];
    cursor?: string;
    limit: number;
  }): Promise<z.infer<typeof SyncHistory>>;
  syncEntities(caller: Caller, input: {
    record_types: string[];
    records: { record_type: string; record_id: string }[];
    force: boolean;
    realm_id?: string;
  }): Promise<{ job: SyncJobView; created: boolean }>;
}

const queued = {
  200: {
    description: "An identical sync is already queued or running",
    content: { "application/json": { schema: envelopeOf(SyncJob) } },
  },
  202: { description: "Queued", content: { "application/json": { schema: envelopeOf(SyncJob) } } },
};

export function registerSyncHistoryRoutes(api: ApiApp, services: SyncHistoryServices, now: () => Date): void {
  api.openapi(
    createRoute({
      method: "get",
      path: "/sync/history",
      tags: ["sync"],
      summary: "Sync history: recent runs and per-record outcomes with error codes",
      description: "Runs are sync jobs with their summary; entries say what each push did to each record " +
        "(created, updated, removed, adopted) or why not (failed with QBO's fault code, blocked on a " +
        "reference, invalid), newest first. Filter by job, record and outcome; page with `cursor`. " +
        "Property-scoped callers see their properties' records and organization-wide ones (vendors, items).",
      ...requires("sync:read"),
      request: {
        query: z.object({
          job_id: z.string().min(1).max(64).optional(),
          record_type: z.string().min(1).max(40).optional(),
          record_id: z.string().min(1).max(200).optional(),
          outcome: z.string().regex(new RegExp(`^(${OUTCOMES.join("|")})(,(${OUTCOMES.join("|")}))*$`))
            .optional().openapi({
              description: "Comma-separated outcomes",
              example: "failed,blocked,invalid",
            }),
          cursor: z.string().min(1).max(400).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: { description: "History", content: { "application/json": { schema: envelopeOf(SyncHistory) } } },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      const { outcome, ...query } = c.req.valid("query");
      const outcomes = outcome === undefined ? undefined : [...new Set(outcome.split(","))] as Outcome[];
      return c.json(
        successEnvelope(await services.viewHistory(caller, { ...query, outcomes }), now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/sync/records/{record_type}/{record_id}/resync",
      tags: ["sync"],
      summary: "Retry or force re-sync of one record",
      description: "Queues a push of this record and whatever it needs that is not in QuickBooks yet. " +
        "`force` rewrites it in full even when unchanged (repairs an object edited in QuickBooks); a deleted " +
        "record's re-sync voids or deletes its QuickBooks object.",
      ...requires("sync:run"),
      ...raises("QB002"),
      request: {
        params: RecordRef,
        body: {
          required: false,
          content: {
            "application/json": {
              schema: z.object({
                force: z.boolean().default(false),
                realm_id: z.string().min(1).max(32).optional(),
              }).openapi("ResyncRequest"),
            },
          },
        },
      },
      responses: { ...queued },
    }),
    async (c) => {
      const caller = c.get("caller");
      // Role and property scope are checked by the use case, once it knows the records' properties.
      const { record_type, record_id } = c.req.valid("param");
      const body = c.req.valid("json") ?? { force: false };
      const { job, created } = await services.syncEntities(caller, {
        record_types: [],
        records: [{ record_type, record_id }],
        force: body.force ?? false,
        realm_id: body.realm_id,
      });
      return c.json(successEnvelope(job, now()), created ? 202 : 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/sync/entity",
      tags: ["sync"],
      summary: "Sync specific entities now",
      description: "Queues a push restricted to the named record types and/or records (at most 500), plus " +
        "whatever they need that is not in QuickBooks yet. The job reports like a full push. A request identical " +
        "to one already queued or running returns that job (200). Whole record types need an organization-wide caller.",
      ...requires("sync:run"),
      ...raises("QB002"),
      request: {
        body: { required: true, content: { "application/json": { schema: SyncEntityRequest } } },
      },
      responses: { ...queued },
    }),
    async (c) => {
      const caller = c.get("caller");
      // Role and property scope are checked by the use case, once it knows the records' properties.
      const { job, created } = await services.syncEntities(caller, c.req.valid("json"));
      return c.json(successEnvelope(job, now()), created ? 202 : 200);
    },
  );
}
