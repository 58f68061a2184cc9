/**
 * The sync routes' shapes: requests as the sync use cases take them, and review items and events
 * of the log as the API shows them.
 */
import type { JobStatus } from "../../../domain/ports/job_queue.ts";
import type { ReviewItem, SyncEvent } from "../../../domain/ports/pull_state.ts";

/** The body of `POST /sync`, as the start use case takes it. */
export function startSyncInput(
  input: { readonly direction: "push" | "pull" | "both"; readonly realm_id?: string },
) {
  return { direction: input.direction, realmId: input.realm_id };
}

/** The query of `GET /sync/jobs` (its status already one of the enum's values). */
export function jobListQuery(query: { readonly limit: number; readonly status?: string }) {
  return { limit: query.limit, status: query.status as JobStatus | undefined };
}

/** The query of `GET /sync/events`. */
export function eventListQuery(query: { readonly after_seq?: number; readonly limit: number }) {
  return { afterSeq: query.after_seq, limit: query.limit };
}

/** A review item as the API shows it (the QBO snapshot stays internal). */
export function viewReview(r: ReviewItem) {
  return {
    id: r.id,
    realm_id: r.realmId,
    entity_type: r.entityType,
    record_id: r.recordId,
    qbo_id: r.qboId,
    conflicts: r.conflicts.map((c) => ({ ...c })),
    status: r.status,
    resolution: r.resolution,
    created_at: r.createdAt,
    resolved_at: r.resolvedAt,
  };
}

/** An event of the log as the API shows it. */
export function viewEvent(e: SyncEvent) {
  return {
    seq: e.seq,
    at: e.at,
    event: e.event,
    realm_id: e.realmId,
    entity_type: e.entityType,
    qbo_id: e.qboId,
    record_type: e.recordType,
    record_ids: [...e.recordIds],
    suggested_action: e.suggestedAction,
    details: { ...e.details },
  };
}
