import type {
  QuickBooksTarget,
  WriteItem,
  WriteOutcome,
  WriteResult,
} from "../../domain/ports/quickbooks_gateway.ts";
import type { QboHttpClient } from "./qbo_http_client.ts";
import { requestIdFor } from "./request_id.ts";
import { batchResponseSchema, readBatchItem } from "./wire/batch_schemas.ts";
import { parseWire } from "./wire/parse_wire.ts";

/** QBO's maximum number of operations in one batch request. */
export const MAX_BATCH_ITEMS = 30;

/**
 * Sends writes as batch requests of at most 30 items. Each request's `requestid` derives from
 * the caller's idempotency key and the chunk's position, so a retried batch is answered from
 * QBO's cache. bIds are short positional ids (QBO allows 10 characters with a requestid) mapped
 * back to the caller's keys. Items succeed or fail independently.
 */
export async function writeInBatches(
  client: QboHttpClient,
  target: QuickBooksTarget,
  items: readonly WriteItem[],
  idempotencyKey: string,
): Promise<WriteOutcome> {
  const results: WriteResult[] = [];
  let intuitTid: string | null = null;
  for (let start = 0, chunk = 0; start < items.length; start += MAX_BATCH_ITEMS, chunk++) {
    const slice = items.slice(start, start + MAX_BATCH_ITEMS);
    const response = await client.send(target, {
      method: "POST",
      path: "/batch",
      json: { BatchItemRequest: slice.map((item, index) => batchItemRequest(item, `b${index}`)) },
      requestId: await requestIdFor(`${idempotencyKey}#${chunk}`),
      budgetKind: "batch",
    });
    intuitTid = response.intuitTid ?? intuitTid;
    const body = parseWire(batchResponseSchema, response, "batch response");
    const byBid = new Map(body.BatchItemResponse.map((item) => [item.bId, item]));
    slice.forEach((item, index) => results.push(resultOf(item, byBid.get(`b${index}`))));
  }
  return { results, intuitTid };
}

function batchItemRequest(item: WriteItem, bId: string): Record<string, unknown> {
  if (item.operation === "void") {
    return { bId, operation: "update", optionsData: "void", [item.entityName]: item.payload };
  }
  return { bId, operation: item.operation, [item.entityName]: item.payload };
}

function resultOf(
  item: WriteItem,
  response: Parameters<typeof readBatchItem>[0] | undefined,
): WriteResult {
  const read = response ? readBatchItem(response) : { kind: "empty" as const };
  if (read.kind === "object") return { key: item.key, ok: true, object: read.object };
  if (read.kind === "empty") {
    return {
      key: item.key,
      ok: false,
      errorCode: "QB007",
      qboCode: "0",
      message: "QuickBooks returned no result for this batch item",
      detail: null,
      element: null,
    };
  }
  const [error] = read.fault.Error;
  const code = Number(error.code);
  const errorCode = code === 5010
    ? "QB005"
    : read.fault.type === "SystemFault" || code >= 10000
    ? "QB007"
    : "QB004";
  return {
    key: item.key,
    ok: false,
    errorCode,
    qboCode: error.code,
    message: error.Message,
    detail: error.Detail ?? null,
    element: error.element || null,
  };
}
