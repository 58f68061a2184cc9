import { DomainError } from "../../domain/errors.ts";
import {
  QUICKBOOKS_MAX_BATCH_ITEMS,
  type QuickBooksTarget,
  type WriteItem,
  type WriteOutcome,
  type WriteResult,
} from "../../domain/ports/quickbooks_gateway.ts";
import {
  batchCallRequestId,
  isBatchRequestId,
  MAX_BATCH_REQUEST_ID_LENGTH,
  MAX_BID_LENGTH,
} from "../../domain/sync/request_id.ts";
import type { QboHttpClient } from "./qbo_http_client.ts";
import { batchResponseSchema, readBatchItem } from "./wire/batch_schemas.ts";
import { parseWire } from "./wire/parse_wire.ts";

/**
 * Sends writes as batch requests of at most `QUICKBOOKS_MAX_BATCH_ITEMS` items. The caller's
 * `requestId` is the first request's `requestid`, sent unchanged (the sync planner's batch id is the
 * one QBO sees); a later request carries `batchCallRequestId(requestId, n)`. A retried write is
 * answered from QBO's cache. Each item's key is its bId, sent as the caller gave it (the sync
 * planner assigns them once). Items succeed or fail independently.
 */
export async function writeInBatches(
  client: QboHttpClient,
  target: QuickBooksTarget,
  items: readonly WriteItem[],
  requestId: string,
): Promise<WriteOutcome> {
  assertValidRequestId(requestId);
  assertValidBatchIds(items);
  const results: WriteResult[] = [];
  let intuitTid: string | null = null;
  let calls = 0;
  for (let start = 0, chunk = 0; start < items.length; start += QUICKBOOKS_MAX_BATCH_ITEMS, chunk++) {
    const slice = items.slice(start, start + QUICKBOOKS_MAX_BATCH_ITEMS);
    calls++;
    const response = await client.send(target, {
      method: "POST",
      path: "/batch",
      json: { BatchItemRequest: slice.map(batchItemRequest) },
      requestId: batchCallRequestId(requestId, chunk),
      budgetKind: "batch",
    });
    intuitTid = response.intuitTid ?? intuitTid;
    const body = parseWire(batchResponseSchema, response, "batch response");
    const byBid = new Map(body.BatchItemResponse.map((item) => [item.bId, item]));
    for (const item of slice) results.push(resultOf(item, byBid.get(item.key)));
  }
  return { results, intuitTid, calls };
}

/** QBO refuses a batch whose requestid is too long or has whitespace (2130): refused before sending. */
function assertValidRequestId(requestId: string): void {
  if (!isBatchRequestId(requestId)) {
    throw new DomainError(
      "VALIDATION_FAILED",
      `A batch requestid must be 1 to ${MAX_BATCH_REQUEST_ID_LENGTH} characters without whitespace: ${
        JSON.stringify(requestId)
      }`,
      { request_id: requestId },
    );
  }
}

/** QBO matches answers to items by bId: each key must be one, and unique in the call. */
function assertValidBatchIds(items: readonly WriteItem[]): void {
  const seen = new Set<string>();
  for (const { key } of items) {
    if (key.length === 0 || key.length > MAX_BID_LENGTH || seen.has(key)) {
      throw new DomainError(
        "VALIDATION_FAILED",
        `A batch item key must be a unique bId of 1 to ${MAX_BID_LENGTH} characters: ${JSON.stringify(key)}`,
        { key },
      );
    }
    seen.add(key);
  }
}

function batchItemRequest(item: WriteItem): Record<string, unknown> {
  const bId = item.key;
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
