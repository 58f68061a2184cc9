import type { CompanyOperations } from "./company_operations.ts";
import type { Doc } from "./company_state.ts";
import { canonicalEntityName } from "./entity_catalog.ts";
import { faults } from "./fault_catalog.ts";
import { isQboFault } from "./qbo_fault.ts";
import { answerQuery } from "./query_endpoint.ts";

/**
 * `POST /batch`: up to 30 independent items (create / update / delete / void via
 * `optionsData:"void"` / Query), each answered with its object, QueryResponse or Fault next to
 * its bId. One failing item never fails the others; the call itself answers 200.
 */
export const MAX_BATCH_ITEMS = 30;
const ITEM_KEYS = new Set(["bId", "operation", "optionsData"]);

export function answerBatch(ops: CompanyOperations, body: unknown): Record<string, unknown>[] {
  const items = (body as Doc | null)?.BatchItemRequest;
  if (!Array.isArray(items)) throw faults.requiredParamMissing("BatchItemRequest");
  if (items.length > MAX_BATCH_ITEMS) throw faults.batchTooLarge(items.length);
  return items.map((item) => {
    const bId = (item as Doc | null)?.bId;
    try {
      return { ...runItem(ops, item as Doc), bId };
    } catch (error) {
      if (!isQboFault(error)) throw error;
      return { Fault: error.toFaultObject(), bId };
    }
  });
}

function runItem(ops: CompanyOperations, item: Doc): Record<string, unknown> {
  if (typeof item !== "object" || item === null) throw faults.requiredParamMissing("BatchItemRequest");
  if (typeof item.Query === "string") return { QueryResponse: answerQuery(ops, item.Query) };
  const entityKey = Object.keys(item).find((k) => !ITEM_KEYS.has(k));
  if (entityKey === undefined) throw faults.requiredParamMissing("operation");
  const entity = canonicalEntityName(entityKey);
  if (!entity) throw faults.unsupportedOperation(`/batch ${entityKey}`);
  const payload = item[entityKey];
  const operation = String(item.operation ?? "");
  const options = String(item.optionsData ?? "").toLowerCase().split(",");
  let result: Doc;
  if (operation === "create") result = ops.create(entity, payload);
  else if (operation === "update" && options.includes("void")) result = ops.void(entity, payload);
  else if (operation === "update") result = ops.update(entity, payload);
  else if (operation === "delete") result = ops.delete(entity, payload);
  else throw faults.invalidEnumeration("operation", operation);
  return { [entity]: result };
}
