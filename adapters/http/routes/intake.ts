import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { raises } from "../error_responses.ts";
import { DomainError } from "../../../domain/errors.ts";
import {
  MIRROR_RECORD_TYPES,
  type MirroredRecord,
  type MirrorRecordType,
} from "../../../domain/ports/record_mirror.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import {
  componentName,
  JsonObjectSchema,
  MIRRORED_RECORD_SCHEMAS,
  MirroredRecordSchema,
  type MirroredRecordView,
  RecordTypeSchema,
  validatedByUseCase,
} from "../record_schemas.ts";

/** Most items in one JSON bulk request; NDJSON streams may carry more. */
export const MAX_BULK_JSON_ITEMS = 5_000;
export const MAX_BULK_NDJSON_ITEMS = 50_000;

type WriteStatus = "created" | "updated" | "unchanged";

/** One item of a bulk request as the intake sees it. */
export interface BulkItemInput {
  readonly type: unknown;
  readonly data: unknown;
  readonly parseError?: string;
  /** Keys of the item other than `type` and `data`: refused, never ignored. */
  readonly unknownKeys?: readonly string[];
}

/** A bulk item as sent (JSON element or NDJSON line): its type, data and any key it should not have. */
function bulkItem(value: unknown): BulkItemInput {
  const item = value as { type?: unknown; data?: unknown } | null;
  const unknownKeys = typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.keys(value).filter((k) => k !== "type" && k !== "data")
    : [];
  return { type: item?.type, data: item?.data, ...(unknownKeys.length > 0 ? { unknownKeys } : {}) };
}

export type BulkItemOutcome =
  | {
    readonly index: number;
    readonly type: string;
    readonly id: string;
    readonly status: WriteStatus;
    readonly record: MirroredRecord;
  }
  | {
    readonly index: number;
    readonly type: string | null;
    readonly id: string | null;
    readonly status: "invalid";
    readonly error: {
      readonly code: string;
      readonly message: string;
      readonly issues: readonly { path: string; message: string; code: string }[];
    };
  };

/** What the intake routes need from the application (use cases, injected). */
export interface IntakeServices {
  putRecord(
    caller: Caller,
    type: MirrorRecordType,
    id: string,
    body: Record<string, unknown>,
    requestId: string,
  ): Promise<{ status: WriteStatus; record: MirroredRecord }>;
  getRecord(caller: Caller, type: MirrorRecordType, id: string): Promise<MirroredRecord>;
  deleteRecord(
    caller: Caller,
    type: MirrorRecordType,
    id: string,
    requestId: string,
  ): Promise<{ record: MirroredRecord; changed: boolean }>;
  listRecords(
    caller: Caller,
    type: MirrorRecordType,
    options: { cursor?: string; limit: number; includeDeleted: boolean; propertyId?: string },
  ): Promise<{ items: readonly MirroredRecord[]; nextCursor: string | null }>;
  ingestRecords(
    caller: Caller,
    items: readonly BulkItemInput[],
    requestId: string,
  ): Promise<BulkItemOutcome[]>;
}

const WriteStatusSchema = z.enum(["created", "updated", "unchanged"]).openapi("RecordWriteStatus", {
  description: "`unchanged`: identical content, the version is kept",
});

const IssueSchema = z.object({ path: z.string(), message: z.string(), code: z.string() });

const BulkResultSchema = z.object({
  summary: z.object({
    received: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    invalid: z.number().int(),
  }),
  results: z.array(z.object({
    index: z.number().int(),
    type: z.string().nullable(),
    id: z.string().nullable(),
    status: z.enum(["created", "updated", "unchanged", "invalid"]),
    version: z.number().int().optional(),
    change_seq: z.number().int().optional(),
    error: z.object({ code: z.string(), message: z.string(), issues: z.array(IssueSchema) }).optional(),
  })),
}).openapi("BulkIntakeResult");

const BulkRequestSchema = z.object({
  records: z.array(validatedByUseCase("RecordIntakeItem")).max(MAX_BULK_JSON_ITEMS).openapi({
    description: "Each item is validated on its own: an invalid one is reported and never blocks the others.",
    example: [{ type: "tenant", data: { id: "ten_1", first_name: "Jane", last_name: "Doe" } }],
  }),
}).openapi("BulkIntakeRequest");

const RecordIdSchema = z.string().trim().min(1).max(100);
const RecordParams = z.object({ record_type: RecordTypeSchema, record_id: RecordIdSchema });

/** The record as the API shows it; its data passed its type's schema when it was stored. */
function toApi(r: MirroredRecord): MirroredRecordView {
  return {
    type: r.recordType,
    id: r.recordId,
    property_id: r.propertyId,
    version: r.version,
    deleted: r.deleted,
    change_seq: r.changeSeq,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    data: { ...r.data },
  } as MirroredRecordView;
}

/** NDJSON: one `{type, data}` object per non-empty line; a line that is not JSON becomes an invalid item. */
function parseNdjson(text: string): BulkItemInput[] {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length > MAX_BULK_NDJSON_ITEMS) {
    throw new DomainError(
      "VALIDATION_FAILED",
      `An NDJSON bulk request holds at most ${MAX_BULK_NDJSON_ITEMS} lines`,
      {
        issues: [{ path: "body", message: `too many lines (${lines.length})`, code: "too_big" }],
      },
    );
  }
  return lines.map((line) => {
    try {
      return bulkItem(JSON.parse(line));
    } catch (error) {
      return {
        type: undefined,
        data: undefined,
        parseError: error instanceof Error ? error.message : String(error),
      };
    }
  });
}

function bulkResult(outcomes: readonly BulkItemOutcome[]) {
  const count = (s: string) => outcomes.filter((o) => o.status === s).length;
  return {
    summary: {
      received: outcomes.length,
      created: count("created"),
      updated: count("updated"),
      unchanged: count("unchanged"),
      invalid: count("invalid"),
    },
    results: outcomes.map((o) =>
      o.status === "invalid"
        ? {
          index: o.index,
          type: o.type,
          id: o.id,
          status: o.status,
          error: { ...o.error, issues: [...o.error.issues] },
        }
        : {
          index: o.index,
          type: o.type,
          id: o.id,
          status: o.status,
          version: o.record.version,
          change_seq: o.record.changeSeq,
        }
    ),
  };
}

export function registerIntakeRoutes(api: ApiApp, services: IntakeServices, now: () => Date): void {
  api.openapi(
    createRoute({
      method: "post",
      path: "/records/bulk",
      tags: ["intake"],
      summary: "Upsert many EstateCore records (JSON up to 5,000 items, or NDJSON)",
      description:
        "Each item is validated against its record type's schema, the caller's property scope and its " +
        "references (a record may reference one stored earlier or one in the same request). Valid items are " +
        "written in chunks, each in one transaction; an invalid item is reported and never blocks the others. " +
        "Send `Content-Type: application/x-ndjson` with one `{type, data}` object per line for larger loads.",
      ...requires("records:write"),
      request: {
        body: {
          required: false,
          content: {
            "application/json": { schema: BulkRequestSchema },
            "application/x-ndjson": {
              schema: z.string().openapi({ description: "one {type, data} per line" }),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Per-item outcome",
          content: { "application/json": { schema: envelopeOf(BulkResultSchema) } },
        },
      },
    }),
    async (c) => {
      const contentType = (c.req.header("content-type") ?? "").toLowerCase();
      let items: BulkItemInput[];
      if (/^application\/(x-)?ndjson/.test(contentType)) {
        items = parseNdjson(await c.req.text());
      } else if (/^application\/(.+\+)?json/.test(contentType)) {
        items = (c.req.valid("json") as { records: unknown[] }).records.map(bulkItem);
      } else {
        throw new DomainError("UNSUPPORTED_MEDIA_TYPE", "Send application/json or application/x-ndjson", {
          content_type: contentType || null,
        });
      }
      const outcomes = await services.ingestRecords(c.get("caller"), items, c.get("requestId"));
      return c.json(successEnvelope(bulkResult(outcomes), now()), 200);
    },
  );

  // One PUT per record type, so its body is exactly that type's schema (the SDK checks it).
  for (const recordType of MIRROR_RECORD_TYPES) {
    const written = envelopeOf(
      z.object({ status: WriteStatusSchema, record: MIRRORED_RECORD_SCHEMAS[recordType] }),
    );
    api.openapi(
      createRoute({
        method: "put",
        path: `/records/${recordType}/{record_id}`,
        tags: ["intake"],
        summary: `Upsert one ${recordType}`,
        description:
          `Validated against the \`${componentName(recordType)}\` schema, its references and the ` +
          "caller's property scope; identical content is `unchanged` and keeps its version.",
        ...requires("records:write"),
        request: {
          params: z.object({ record_id: RecordIdSchema }),
          body: {
            required: true,
            content: {
              "application/json": {
                schema: validatedByUseCase(`${componentName(recordType)}Upsert`, JsonObjectSchema),
              },
            },
          },
        },
        responses: {
          200: { description: "Updated or unchanged", content: { "application/json": { schema: written } } },
          201: { description: "Created", content: { "application/json": { schema: written } } },
        },
      }),
      async (c) => {
        const { record_id } = c.req.valid("param");
        const result = await services.putRecord(
          c.get("caller"),
          recordType,
          record_id,
          c.req.valid("json") as Record<string, unknown>,
          c.get("requestId"),
        );
        const body = successEnvelope({ status: result.status, record: toApi(result.record) }, now());
        return result.status === "created" ? c.json(body, 201) : c.json(body, 200);
      },
    );
  }

  api.openapi(
    createRoute({
      method: "get",
      path: "/records/{record_type}/{record_id}",
      tags: ["intake"],
      summary: "One mirrored record (tombstones included)",
      ...requires("sync:read"),
      ...raises("FORBIDDEN"),
      request: { params: RecordParams },
      responses: {
        200: {
          description: "Record",
          content: { "application/json": { schema: envelopeOf(MirroredRecordSchema) } },
        },
      },
    }),
    async (c) => {
      const { record_type, record_id } = c.req.valid("param");
      return c.json(
        successEnvelope(toApi(await services.getRecord(c.get("caller"), record_type, record_id)), now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/records/{record_type}/{record_id}",
      tags: ["intake"],
      summary:
        "Delete a record (kept as a tombstone with a new version, so the sync can void or deactivate it)",
      ...requires("records:write"),
      request: { params: RecordParams },
      responses: {
        200: {
          description: "Tombstoned (changed: false when it already was)",
          content: {
            "application/json": {
              schema: envelopeOf(z.object({ changed: z.boolean(), record: MirroredRecordSchema })),
            },
          },
        },
      },
    }),
    async (c) => {
      const { record_type, record_id } = c.req.valid("param");
      const result = await services.deleteRecord(c.get("caller"), record_type, record_id, c.get("requestId"));
      return c.json(successEnvelope({ changed: result.changed, record: toApi(result.record) }, now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/records/{record_type}",
      tags: ["intake"],
      summary: "Mirrored records of one type, by id, a page at a time",
      ...requires("sync:read"),
      ...raises("FORBIDDEN"),
      request: {
        params: z.object({ record_type: RecordTypeSchema }),
        query: z.object({
          cursor: z.string().max(600).optional().openapi({
            description: "`next_cursor` of the previous page",
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          include_deleted: z.enum(["true", "false"]).default("false"),
          property_id: z.string().min(1).max(100).optional(),
        }),
      },
      responses: {
        200: {
          description: "A page of records",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({ items: z.array(MirroredRecordSchema), next_cursor: z.string().nullable() }),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const { record_type } = c.req.valid("param");
      const q = c.req.valid("query");
      const page = await services.listRecords(c.get("caller"), record_type, {
        cursor: q.cursor,
        limit: q.limit,
        includeDeleted: q.include_deleted === "true",
        propertyId: q.property_id,
      });
      return c.json(
        successEnvelope({ items: page.items.map(toApi), next_cursor: page.nextCursor }, now()),
        200,
      );
    },
  );
}
