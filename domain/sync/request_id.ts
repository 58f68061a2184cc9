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
 * `prefix-` and 32 hex characters: two independent FNV-1a 64 hashes (128 bits) of `material`,
 * which make accidental reuse negligible. 34 characters with a one-letter prefix.
 */
function hashedId(prefix: string, material: string): string {
  return `${prefix}-${fnv1a64Hex(`A|${material}`)}${fnv1a64Hex(`B|${material}`)}`;
}

/**
 * A deterministic QBO `requestid` for one write: the same record, version, operation, payload and
 * SyncToken always give the same id (so a retried call is recognized by QBO and not executed twice),
 * anything different gives a new one. 34 characters: fits both the 50 (single) and 36 (batch)
 * limits.
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
  return hashedId(parts.operation[0], material);
}

/**
 * The `requestid` of a whole batch call, derived from the ids of its operations in order. The
 * gateway sends it to QBO as it is. 34 characters.
 *
 * @example
 * ```ts
 * batchRequestId(["c-aa", "u-bb"]).length; // 34
 * ```
 */
export function batchRequestId(operationRequestIds: readonly string[]): string {
  return hashedId("b", operationRequestIds.join(","));
}

/**
 * The `requestid` of a write the sync planner did not plan (a reconciliation's voids, a one-off
 * edit), derived from the caller's idempotency key of any length: the same key gives the same id,
 * so a retry is answered by QBO instead of executed twice. 34 characters.
 *
 * @example
 * ```ts
 * keyedRequestId("reconcile-void:0b9e2c4e-8f31-4a57-9d2b-6f1e0c7a3d55").length; // 34
 * ```
 */
export function keyedRequestId(idempotencyKey: string): string {
  return hashedId("k", idempotencyKey);
}

/**
 * The `requestid` of the call at `index` when one write needs several batch calls (more than
 * QBO's 30 operations): the first call sends `requestId` itself, each later one an id derived from
 * it and its position, so a retried write replays call by call.
 *
 * @example
 * ```ts
 * batchCallRequestId("b-0123", 0); // "b-0123"
 * batchCallRequestId("b-0123", 1).length; // 34
 * ```
 */
export function batchCallRequestId(requestId: string, index: number): string {
  return index === 0 ? requestId : hashedId("b", `${requestId.length}:${requestId}|call:${index}`);
}

/**
 * True when `requestId` is one QBO accepts on a batch call: 1 to 36 characters, no whitespace
 * (QBO answers error 2130 "Invalid requestid format" otherwise).
 *
 * @example
 * ```ts
 * isBatchRequestId("b-0123456789abcdef0123456789abcdef"); // true
 * isBatchRequestId("x".repeat(37)); // false
 * ```
 */
export function isBatchRequestId(requestId: string): boolean {
  return requestId.length > 0 && requestId.length <= MAX_BATCH_REQUEST_ID_LENGTH && !/\s/.test(requestId);
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
