import type { SyncOperation } from "./sync_plan.ts";
import { syncKey, type SyncLink } from "./sync_record.ts";

/** What QBO answered for one operation, matched by its requestId. */
export type SyncResult =
  | { readonly requestId: string; readonly ok: true; readonly qboId: string; readonly syncToken: string }
  | { readonly requestId: string; readonly ok: false; readonly errorCode: string };

/**
 * The links after a plan's writes were sent: every confirmed write stores its QBO id, new SyncToken,
 * fingerprint and snapshot (the next base) and the resulting state; failed or unanswered writes leave
 * the link as it was so the next plan retries them. Returns a new array sorted by key; inputs are
 * not modified.
 *
 * @example
 * ```ts
 * const plan = planSync([{ recordId: "t1", entityType: "Customer", version: 1, payload: { DisplayName: "Jane" } }], []);
 * const links = applySyncResults([], plan.writes,
 *   [{ requestId: plan.writes[0].requestId, ok: true, qboId: "58", syncToken: "0" }]);
 * planSync([{ recordId: "t1", entityType: "Customer", version: 1, payload: { DisplayName: "Jane" } }], links)
 *   .writes.length; // 0
 * ```
 */
export function applySyncResults(
  links: readonly SyncLink[],
  writes: readonly SyncOperation[],
  results: readonly SyncResult[],
): SyncLink[] {
  const byKey = new Map<string, SyncLink>();
  for (const link of links) byKey.set(syncKey(link.entityType, link.recordId), link);
  const resultById = new Map<string, SyncResult>();
  for (const result of results) resultById.set(result.requestId, result);
  for (const op of writes) {
    const result = resultById.get(op.requestId);
    if (result === undefined || !result.ok) continue;
    byKey.set(syncKey(op.entityType, op.recordId), confirmedLink(op, result.qboId, result.syncToken));
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, link]) => link);
}

/**
 * The link a write leaves once QBO confirmed it under `qboId` with a new `syncToken`: the write's
 * fingerprint, its snapshot as the next base, its resulting state.
 *
 * @example
 * ```ts
 * const [op] = planSync([{ recordId: "t1", entityType: "Customer", version: 1, payload: { DisplayName: "Jane" } }], []).writes;
 * confirmedLink(op, "58", "0").baseSnapshot; // { DisplayName: "Jane" }
 * ```
 */
export function confirmedLink(op: SyncOperation, qboId: string, syncToken: string): SyncLink {
  return {
    recordId: op.recordId,
    entityType: op.entityType as SyncLink["entityType"],
    qboId,
    syncToken,
    fingerprint: op.fingerprint,
    baseSnapshot: { ...op.snapshot },
    state: op.resultingState,
  };
}
