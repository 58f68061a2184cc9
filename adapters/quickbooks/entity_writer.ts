import { DomainError } from "../../domain/errors.ts";
import type {
  EntityWrite,
  EntityWriteOutcome,
  QuickBooksTarget,
} from "../../domain/ports/quickbooks_gateway.ts";
import { MAX_REQUEST_ID_LENGTH } from "../../domain/sync/request_id.ts";
import type { QboHttpClient } from "./qbo_http_client.ts";
import { qboObjectSchema } from "./wire/envelope_schemas.ts";
import { parseWire } from "./wire/parse_wire.ts";

const ENTITY_NAME = /^[A-Za-z]+$/;

/**
 * Voids QBO takes as a sparse update with `include=void` (docs/quickbooks-api.md §2.2); the other
 * voidable entities take `operation=void`.
 */
const VOID_AS_UPDATE = new Set(["SalesReceipt", "BillPayment"]);

/**
 * One write through the entity's endpoint (`POST /{entity}` with `operation` and `requestid`),
 * answered with the object and Intuit's transaction id. A fault comes back from the client as the
 * QboCallError of its code.
 */
export async function writeEntity(
  client: QboHttpClient,
  target: QuickBooksTarget,
  write: EntityWrite,
): Promise<EntityWriteOutcome> {
  if (!ENTITY_NAME.test(write.entityName)) {
    throw new DomainError("VALIDATION_FAILED", `not a QuickBooks entity name: ${write.entityName}`);
  }
  if (
    write.requestId.length === 0 || write.requestId.length > MAX_REQUEST_ID_LENGTH ||
    /\s/.test(write.requestId)
  ) {
    throw new DomainError(
      "VALIDATION_FAILED",
      `A requestid must be 1 to ${MAX_REQUEST_ID_LENGTH} characters without whitespace`,
      { request_id: write.requestId },
    );
  }
  const { query, json } = wireRequest(write);
  const response = await client.send(target, {
    method: "POST",
    path: `/${write.entityName.toLowerCase()}`,
    query,
    json,
    requestId: write.requestId,
  });
  // `{"Invoice": {...}, "time": ...}`: the object under the entity's name, or QBO misbehaved (QB007).
  const what = `${write.entityName} ${write.operation} response`;
  const envelope = parseWire(qboObjectSchema, response, what);
  const key = Object.keys(envelope).find((name) => name.toLowerCase() === write.entityName.toLowerCase());
  const object = parseWire(qboObjectSchema, { ...response, body: key && envelope[key] }, what);
  return { object, intuitTid: response.intuitTid };
}

function wireRequest(write: EntityWrite): { query: Record<string, string>; json: unknown } {
  switch (write.operation) {
    case "create":
      return { query: {}, json: write.payload };
    case "update":
      return { query: { operation: "update" }, json: write.payload };
    case "delete":
      return { query: { operation: "delete" }, json: write.payload };
    case "void":
      return VOID_AS_UPDATE.has(write.entityName)
        ? { query: { operation: "update", include: "void" }, json: { ...write.payload, sparse: true } }
        : { query: { operation: "void" }, json: write.payload };
  }
}
