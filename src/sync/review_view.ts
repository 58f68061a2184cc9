import type { ReviewItem, SyncEvent } from "../../domain/ports/pull_state.ts";

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
