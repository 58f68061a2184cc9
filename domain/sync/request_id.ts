import { fnv1a64Hex } from "./fnv1a64.ts";

/** QBO's limits: 50 characters for a single call, 36 inside a batch; a bId at most 10. */
export const MAX_REQUEST_ID_LENGTH = 50;
export const MAX_BATCH_REQUEST_ID_LENGTH = 36;
export const MAX_BID_LENGTH = 10;

/** The facts that make one write attempt distinct. */
export interface RequestIdParts {
  readonly entityType: string;
  readonly recordId: string;
  readonly version: string | number;
  readonly operation: string;
  /** Fingerprint of the payload written: a changed payload at the same version is a new request. */
  readonly fingerprint: string;
  /** SyncToken the write is based on: a retry after a stale-object error must not replay the cached failure. */
  readonly syncToken?: string;
}

/**
 * A deterministic QBO `requestid` for one write: the same record, version, operation, payload and
 * SyncToken always give the same id (so a retried call is recognized by QBO and not executed twice),
 * anything different gives a new one. 34 characters: fits both the 50 (single) and 36 (batch)
 * limits. Two independent FNV-1a 64 hashes (128 bits) make accidental reuse negligible.
 *
 * @example
 * ```ts
 * const id = syncRequestId({ entityType: "Invoice", recordId: "c1", version: 3, operation: "create",
 *   fingerprint: "fnv1a64:0123456789abcdef" });
 * id.length; // 34
 * id.startsWith("c-"); // true
 * ```
 */
export function syncRequestId(parts: RequestIdParts): string {
  const material = [
    parts.entityType,
    parts.recordId,
    String(parts.version),
    parts.operation,
    parts.fingerprint,
    parts.syncToken ?? "",
  ].map((p) => `${p.length}:${p}`).join("|");
  return `${parts.operation[0]}-${fnv1a64Hex(`A|${material}`)}${fnv1a64Hex(`B|${material}`)}`;
}

/**
 * The `requestid` of a whole batch call, derived from the ids of its operations in order.
 *
 * @example
 * ```ts
 * batchRequestId(["c-aa", "u-bb"]).length; // 34
 * ```
 */
export function batchRequestId(operationRequestIds: readonly string[]): string {
  const material = operationRequestIds.join(",");
  return `b-${fnv1a64Hex(`A|${material}`)}${fnv1a64Hex(`B|${material}`)}`;
}

/**
 * The bId of the operation at `index` in its batch: unique inside the batch, at most 10 characters.
 *
 * @example
 * ```ts
 * batchItemId(0); // "b0"
 * ```
 */
export function batchItemId(index: number): string {
  return `b${index}`;
}
