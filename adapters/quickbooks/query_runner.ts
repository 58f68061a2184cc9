import { z } from "zod";
import type {
  QueryPage,
  QueryPageRequest,
  QueryRequest,
  QuickBooksObject,
  QuickBooksTarget,
} from "../../domain/ports/quickbooks_gateway.ts";
import type { QboHttpClient } from "./qbo_http_client.ts";
import { buildQuery, MAX_PAGE_SIZE } from "./query_builder.ts";
import { parseWire } from "./wire/parse_wire.ts";
import { queryResponseSchema, rowsOf } from "./wire/envelope_schemas.ts";

/**
 * Runs a query over as many pages as it takes (1000 objects each, STARTPOSITION 1-based),
 * stopping on a short page or at `limit`.
 */
export async function runQuery(
  client: QboHttpClient,
  target: QuickBooksTarget,
  request: QueryRequest,
): Promise<QuickBooksObject[]> {
  const results: QuickBooksObject[] = [];
  const limit = request.limit ?? Number.POSITIVE_INFINITY;
  let startPosition = 1;
  for (;;) {
    const maxResults = Math.min(MAX_PAGE_SIZE, limit - results.length);
    const statement = buildQuery(request, { startPosition, maxResults });
    const response = await client.send(target, {
      method: "GET",
      path: "/query",
      query: { query: statement },
    });
    const envelope = parseWire(queryResponseSchema, response, "query response");
    const rows = rowsOf(envelope.QueryResponse, request.entityName);
    results.push(...rows);
    if (rows.length < maxResults || results.length >= limit) return results;
    startPosition += rows.length;
  }
}

/** `totalCount` when QBO sent one (a COUNT(*) query; some list answers carry it too). */
const totalCountSchema = z.object({ totalCount: z.number().int().nonnegative().optional() });

/** One page of a caller's statement, sent as it is: its objects and QBO's total, if any. */
export async function runQueryPage(
  client: QboHttpClient,
  target: QuickBooksTarget,
  request: QueryPageRequest,
): Promise<QueryPage> {
  const response = await client.send(target, {
    method: "GET",
    path: "/query",
    query: { query: request.statement },
  });
  const envelope = parseWire(queryResponseSchema, response, "query response");
  const counted = parseWire(
    totalCountSchema,
    { ...response, body: envelope.QueryResponse },
    "query response",
  );
  return {
    objects: rowsOf(envelope.QueryResponse, request.entityName),
    totalCount: counted.totalCount ?? null,
  };
}
