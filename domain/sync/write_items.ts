import type { WriteItem } from "../ports/quickbooks_gateway.ts";
import type { SyncBatch, SyncOperation } from "./sync_plan.ts";

/**
 * What the gateway sends for a planned batch: each operation under its bId, with the QBO id and
 * SyncToken it is based on; an update is sparse (only the changed fields), a void or delete names
 * only the object.
 *
 * @example
 * ```ts
 * const plan = planSync([{ recordId: "t1", entityType: "Customer", version: 1, payload: { DisplayName: "Jane" } }], []);
 * writeItemsOf(plan.batches[0]); // [{ key: "b0", entityName: "Customer", operation: "create", payload: { DisplayName: "Jane" } }]
 * ```
 */
export function writeItemsOf(batch: SyncBatch): WriteItem[] {
  return batch.items.map(({ bId, operation }) => writeItem(bId, operation));
}

function writeItem(key: string, op: SyncOperation): WriteItem {
  const entityName = op.entityType;
  const ids = op.qboId ? { Id: op.qboId, SyncToken: op.syncToken ?? "0" } : {};
  switch (op.kind) {
    case "create":
      return { key, entityName, operation: "create", payload: op.body };
    case "update":
      return { key, entityName, operation: "update", payload: { ...op.body, ...ids, sparse: true } };
    case "void":
    case "delete":
      return { key, entityName, operation: op.kind, payload: ids };
  }
}
