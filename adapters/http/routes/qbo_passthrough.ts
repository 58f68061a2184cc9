import { createRoute, z } from "@hono/zod-openapi";
import { PROPERTY_SCOPED_CALLERS, requires, unscopedOnly } from "../access.ts";
import {
  type QboApiEntity,
  QboApiEntitySchema,
  type QboDeletableEntity,
  QboDeletableEntitySchema,
  type QboVoidableEntity,
  QboVoidableEntitySchema,
} from "../../../domain/model/quickbooks/qbo_entity_catalog.ts";
import { QBO_QUERY_MAX_RESULTS } from "../../../domain/model/quickbooks/qbo_query_statement.ts";
import {
  ALL_QBO_REPORT_PARAMETERS,
  QBO_REPORT_PARAMETERS,
  type QboReportName,
  QboReportNameSchema,
} from "../../../domain/model/quickbooks/qbo_report_catalog.ts";
import type { QboBody, QboWriteRequest } from "../../../domain/model/quickbooks/qbo_write_request.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { QUICKBOOKS_CALL_ERRORS, raises } from "../error_responses.ts";

type QboObject = Readonly<Record<string, unknown>>;

/** What the pass-through routes need from the application (the use cases, injected). */
export interface QuickBooksPassThroughServices {
  query(caller: Caller, request: {
    entity: QboApiEntity;
    where?: string;
    orderBy?: string;
    query?: string;
    startPosition?: number;
    maxResults?: number;
    realmId?: string;
  }): Promise<{
    realmId: string;
    items: readonly QboObject[];
    startPosition: number;
    maxResults: number;
    nextStartPosition: number | null;
    totalCount: number | null;
    statement: string;
  }>;
  read(
    caller: Caller,
    request: { entity: QboApiEntity; id: string; realmId?: string },
  ): Promise<{ realmId: string; object: QboObject }>;
  write(
    caller: Caller,
    request: QboWriteRequest & { realmId?: string },
    requestId: string,
  ): Promise<{ realmId: string; object: QboObject; intuitTid: string | null; quickbooksRequestId: string }>;
  report(
    caller: Caller,
    request: { report: QboReportName; params: Record<string, string>; realmId?: string },
  ): Promise<{ realmId: string; report: QboObject }>;
}

/** On every pass-through operation (nothing QuickBooks answers can be narrowed to a property). */
export { PROPERTY_SCOPED_CALLERS };

const TAGS = ["quickbooks pass-through"];
const WRITE_ERRORS = raises("NOT_FOUND", "QB004", "QB005", ...QUICKBOOKS_CALL_ERRORS);

const realmQuery = {
  realm_id: z.string().regex(/^\d{1,32}$/).optional().openapi({
    description: "The company, when the organization connected several; its default company otherwise",
  }),
};
const QboIdParam = z.string().regex(/^\d{1,32}$/).openapi({ description: "The object's QuickBooks Id" });
const SyncTokenSchema = z.string().regex(/^\d{1,20}$/).openapi({
  description: "The object's current SyncToken: QuickBooks refuses a write based on an older version (QB005)",
});

const QuickBooksObjectSchema = z.record(z.string(), z.unknown()).openapi("QuickBooksObject", {
  description: "A QuickBooks object with QuickBooks' own field names, as the Accounting API sends it",
});

function objectAnswer(name: string, extra: Record<string, z.ZodType> = {}) {
  return envelopeOf(
    z.object({ realm_id: z.string(), entity: QboApiEntitySchema, object: QuickBooksObjectSchema, ...extra })
      .openapi(name),
  );
}

const ReadAnswer = objectAnswer("QuickBooksRead");
const WriteAnswer = objectAnswer("QuickBooksWrite", {
  intuit_tid: z.string().nullable().openapi({ description: "Intuit's transaction id of the call" }),
  quickbooks_request_id: z.string().openapi({
    description: "The `requestid` sent: derived from `X-Request-Id`, the company, the operation, the " +
      "entity, the id and the body, so a retry with the same `X-Request-Id` and body never writes twice",
  }),
});

/**
 * `/qbo/{entity}` and `/qbo/reports/{report}`: QuickBooks Online's own API for every entity the
 * service knows (query, read, create, sparse update, delete, void) and its reports, through the
 * connection's tokens, the company's shared rate budget, retries and circuit breaker.
 */
export function registerQuickBooksPassThroughRoutes(
  api: ApiApp,
  services: QuickBooksPassThroughServices,
  now: () => Date,
): void {
  const answer = <T>(data: T) => successEnvelope(data, now());
  const writeView = (
    entity: QboApiEntity,
    w: Awaited<ReturnType<QuickBooksPassThroughServices["write"]>>,
  ) => ({
    realm_id: w.realmId,
    entity,
    object: w.object,
    intuit_tid: w.intuitTid,
    quickbooks_request_id: w.quickbooksRequestId,
  });

  // Before `/qbo/{entity}/{id}`, which the same path would match.
  api.openapi(
    createRoute({
      method: "get",
      path: "/qbo/reports/{report}",
      tags: TAGS,
      summary: "A QuickBooks report, as QuickBooks shapes it",
      description: "Passes QuickBooks' own report parameters on: " +
        Object.entries(QBO_REPORT_PARAMETERS).map(([r, p]) =>
          `\`${r}\` takes ${p.map((n) => `\`${n}\``).join(", ")}`
        )
          .join("; ") +
        ". A parameter the report does not take is refused (`VALIDATION_FAILED`, `details.parameters` lists " +
        "the report's); QuickBooks checks the values (a bad date or date macro is `QB004` with its fault).",
      ...requires("qbo:read"),
      ...unscopedOnly("qbo:read"),
      ...raises("NOT_FOUND", "QB004", ...QUICKBOOKS_CALL_ERRORS),
      request: {
        params: z.object({ report: QboReportNameSchema }),
        query: z.object({
          ...realmQuery,
          ...Object.fromEntries(
            ALL_QBO_REPORT_PARAMETERS.map((name) => [name, z.string().max(500).optional()]),
          ),
        }),
      },
      responses: {
        200: {
          description: "The report",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({
                  realm_id: z.string(),
                  report_name: QboReportNameSchema,
                  report: z.record(z.string(), z.unknown()).openapi({
                    description: "`{Header, Columns, Rows}` as QuickBooks sent it",
                  }),
                }).openapi("QuickBooksReport"),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const { report } = c.req.valid("param");
      const { realm_id, ...params } = c.req.valid("query") as Record<string, string | undefined>;
      const given = Object.fromEntries(
        Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      const result = await services.report(c.get("caller"), { report, params: given, realmId: realm_id });
      return c.json(answer({ realm_id: result.realmId, report_name: report, report: result.report }), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/qbo/{entity}",
      tags: TAGS,
      summary: "Query one QuickBooks entity in QuickBooks' query language, a page at a time",
      description: "`where` (conditions: `DisplayName LIKE 'Ann%' AND Active = true`) and `order_by` " +
        "(`TxnDate DESC`), or a whole `query` (`SELECT * FROM Invoice WHERE Balance > '0'`) whose FROM " +
        "must be the path's entity. `start_position` (1-based) and `max_results` (default 100, at most " +
        `${QBO_QUERY_MAX_RESULTS}) page it, or the query's own STARTPOSITION and MAXRESULTS, not both. ` +
        "`next_start_position` is where the next page starts, null on the last. A clause keyword in " +
        "`where`, an unclosed string or unbalanced parentheses are refused before anything is sent; " +
        "QuickBooks' query faults (4000, 4001) are `QB004` with the fault in `details`.",
      ...requires("qbo:read"),
      ...unscopedOnly("qbo:read"),
      ...raises("NOT_FOUND", "QB004", ...QUICKBOOKS_CALL_ERRORS),
      request: {
        params: z.object({ entity: QboApiEntitySchema }),
        query: z.object({
          ...realmQuery,
          where: z.string().min(1).max(4000).optional(),
          order_by: z.string().min(1).max(200).optional(),
          query: z.string().min(1).max(4000).optional(),
          start_position: z.coerce.number().int().min(1).optional(),
          max_results: z.coerce.number().int().min(1).max(QBO_QUERY_MAX_RESULTS).optional(),
        }),
      },
      responses: {
        200: {
          description: "One page",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({
                  realm_id: z.string(),
                  entity: QboApiEntitySchema,
                  items: z.array(QuickBooksObjectSchema),
                  start_position: z.number().int(),
                  max_results: z.number().int(),
                  next_start_position: z.number().int().nullable(),
                  total_count: z.number().int().nullable().openapi({
                    description: "QuickBooks' total of a `SELECT COUNT(*)`; null otherwise",
                  }),
                  statement: z.string().openapi({ description: "The statement QuickBooks ran" }),
                }).openapi("QuickBooksQueryPage"),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const { entity } = c.req.valid("param");
      const q = c.req.valid("query");
      const page = await services.query(c.get("caller"), {
        entity,
        where: q.where,
        orderBy: q.order_by,
        query: q.query,
        startPosition: q.start_position,
        maxResults: q.max_results,
        realmId: q.realm_id,
      });
      return c.json(
        answer({
          realm_id: page.realmId,
          entity,
          items: [...page.items],
          start_position: page.startPosition,
          max_results: page.maxResults,
          next_start_position: page.nextStartPosition,
          total_count: page.totalCount,
          statement: page.statement,
        }),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/qbo/{entity}/{id}",
      tags: TAGS,
      summary: "Read one QuickBooks object by id",
      description: "`NOT_FOUND` when QuickBooks does not have it (its fault 610), deleted ones included.",
      ...requires("qbo:read"),
      ...unscopedOnly("qbo:read"),
      ...raises("NOT_FOUND", "QB004", ...QUICKBOOKS_CALL_ERRORS),
      request: {
        params: z.object({ entity: QboApiEntitySchema, id: QboIdParam }),
        query: z.object(realmQuery),
      },
      responses: {
        200: { description: "The object", content: { "application/json": { schema: ReadAnswer } } },
      },
    }),
    async (c) => {
      const { entity, id } = c.req.valid("param");
      const read = await services.read(c.get("caller"), {
        entity,
        id,
        realmId: c.req.valid("query").realm_id,
      });
      return c.json(answer({ realm_id: read.realmId, entity, object: read.object }), 200);
    },
  );

  const body = (description: string) => ({
    required: true,
    content: {
      "application/json": {
        schema: z.record(z.string(), z.unknown()).openapi({ description }),
      },
    },
  });

  api.openapi(
    createRoute({
      method: "post",
      path: "/qbo/{entity}",
      tags: TAGS,
      summary: "Create a QuickBooks object",
      description: "The body is the object with QuickBooks' field names, without `Id` or `SyncToken`. " +
        "Audited as `qbo.create` with the new id and `intuit_tid`. QuickBooks' validation faults are `QB004` " +
        "with the fault in `details` (`qbo_code` 6240: the name is taken).",
      ...requires("qbo:write"),
      ...unscopedOnly("qbo:write"),
      ...raises("NOT_FOUND", "QB004", ...QUICKBOOKS_CALL_ERRORS),
      request: {
        params: z.object({ entity: QboApiEntitySchema }),
        query: z.object(realmQuery),
        body: body("The object to create, as QuickBooks takes it"),
      },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: WriteAnswer } } },
      },
    }),
    async (c) => {
      const { entity } = c.req.valid("param");
      const written = await services.write(c.get("caller"), {
        operation: "create",
        entity,
        body: c.req.valid("json") as QboBody,
        realmId: c.req.valid("query").realm_id,
      }, c.get("requestId"));
      return c.json(answer(writeView(entity, written)), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/qbo/{entity}/{id}",
      tags: TAGS,
      summary: "Sparse update of a QuickBooks object",
      description: "The body holds `SyncToken` (the version the change is based on) and the fields to " +
        "change; it is always sent with `sparse: true`, so the fields left out keep their values. Name-list " +
        "entities (Customer, Account, ...) are never deleted: update them with `Active: false`. A stale " +
        "SyncToken is `QB005` (QuickBooks' fault 5010). Audited as `qbo.update`.",
      ...requires("qbo:write"),
      ...unscopedOnly("qbo:write"),
      ...WRITE_ERRORS,
      request: {
        params: z.object({ entity: QboApiEntitySchema, id: QboIdParam }),
        query: z.object(realmQuery),
        body: body("`SyncToken` and the fields to change, with QuickBooks' field names"),
      },
      responses: {
        200: { description: "Updated", content: { "application/json": { schema: WriteAnswer } } },
      },
    }),
    async (c) => {
      const { entity, id } = c.req.valid("param");
      const written = await services.write(c.get("caller"), {
        operation: "update",
        entity,
        id,
        body: c.req.valid("json") as QboBody,
        realmId: c.req.valid("query").realm_id,
      }, c.get("requestId"));
      return c.json(answer(writeView(entity, written)), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/qbo/{entity}/{id}",
      tags: TAGS,
      summary: "Delete a QuickBooks transaction (or attachment)",
      description: "For the entities QuickBooks deletes: transactions and Attachable. Linked transactions " +
        "(a payment applied to the invoice) must be unlinked or voided first. Audited as `qbo.delete`.",
      ...requires("qbo:write"),
      ...unscopedOnly("qbo:write"),
      ...WRITE_ERRORS,
      request: {
        params: z.object({ entity: QboDeletableEntitySchema, id: QboIdParam }),
        query: z.object({ ...realmQuery, sync_token: SyncTokenSchema }),
      },
      responses: {
        200: { description: "Deleted", content: { "application/json": { schema: WriteAnswer } } },
      },
    }),
    async (c) => {
      const { entity, id } = c.req.valid("param");
      const q = c.req.valid("query");
      const written = await services.write(c.get("caller"), {
        operation: "delete",
        entity: entity as QboDeletableEntity,
        id,
        syncToken: q.sync_token,
        realmId: q.realm_id,
      }, c.get("requestId"));
      return c.json(answer(writeView(entity, written)), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/qbo/{entity}/{id}/void",
      tags: TAGS,
      summary: "Void a QuickBooks transaction",
      description: 'For the transactions QuickBooks voids: its amounts become zero, "Voided" is added to ' +
        "its private note, and payments applied to it are unapplied. Audited as `qbo.void`.",
      ...requires("qbo:write"),
      ...unscopedOnly("qbo:write"),
      ...WRITE_ERRORS,
      request: {
        params: z.object({ entity: QboVoidableEntitySchema, id: QboIdParam }),
        query: z.object(realmQuery),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ sync_token: SyncTokenSchema }).openapi("QuickBooksVoidRequest"),
            },
          },
        },
      },
      responses: {
        200: { description: "Voided", content: { "application/json": { schema: WriteAnswer } } },
      },
    }),
    async (c) => {
      const { entity, id } = c.req.valid("param");
      const written = await services.write(c.get("caller"), {
        operation: "void",
        entity: entity as QboVoidableEntity,
        id,
        syncToken: c.req.valid("json").sync_token,
        realmId: c.req.valid("query").realm_id,
      }, c.get("requestId"));
      return c.json(answer(writeView(entity, written)), 200);
    },
  );
}
