import type { Caller } from "../../domain/access/caller.ts";
import { mayView } from "../../domain/access/authorize.ts";
import type { ReviewItem, SyncEvent } from "../../domain/ports/pull_state.ts";
import { MIRROR_RECORD_TYPES, type RecordMirror } from "../../domain/ports/record_mirror.ts";
import { RecordOwners } from "../../domain/sync_engine/record_owners.ts";
import { loadPortfolio } from "./load_portfolio.ts";

/**
 * Which properties the sync's own items (reviews, events) concern, so a property-scoped caller
 * sees only those of its properties. An item whose records the mirror does not hold (deleted, or
 * a QuickBooks-side object no record stands for) has unknown properties: only an unscoped caller
 * sees it.
 */
export interface ScopeAttribution {
  /** The properties a review concerns (those of the record under review); null when unknown. */
  ofReview(review: Pick<ReviewItem, "entityType" | "recordId">): string[] | null;
  /** The properties an event concerns (those of its records); null when unknown. */
  ofEvent(event: Pick<SyncEvent, "entityType" | "recordType" | "recordIds">): string[] | null;
}

function attributionOf(owners: RecordOwners): ScopeAttribution {
  const propertiesOf = (records: readonly { recordType: string; recordId: string }[]): string[] | null => {
    if (records.length === 0 || records.some((r) => !owners.holds(r.recordType, r.recordId))) return null;
    const ids = records.map((r) => owners.propertyOf(r.recordType, r.recordId)).filter((p): p is string =>
      p !== null
    );
    return [...new Set(ids)];
  };
  return {
    ofReview: (review) =>
      propertiesOf(
        owners.ownersOf(review.entityType, review.recordId).map((o) => ({
          recordType: o.recordType,
          recordId: o.recordId,
        })),
      ),
    ofEvent: (event) => {
      const recordType = event.recordType;
      if (recordType === null || event.recordIds.length === 0) return null;
      // Events name EstateCore records, or for invoices the sync's own grouping id.
      const direct = event.recordIds.map((recordId) => ({ recordType, recordId }));
      if (direct.every((r) => owners.holds(r.recordType, r.recordId))) return propertiesOf(direct);
      return propertiesOf(
        event.recordIds.flatMap((id) => owners.ownersOf(event.entityType, id)).map((o) => ({
          recordType: o.recordType,
          recordId: o.recordId,
        })),
      );
    },
  };
}

/**
 * Keeps the items a caller may see. An unscoped caller sees all of them, without the mirror being
 * read; a property-scoped one those whose properties are all its own.
 */
export async function visibleSyncItems<T>(
  mirror: RecordMirror,
  caller: Caller,
  items: readonly T[],
  propertiesOf: (attribution: ScopeAttribution, item: T) => string[] | null,
): Promise<T[]> {
  if (caller.propertyIds === undefined || items.length === 0) return [...items];
  const owners = RecordOwners.of(await loadPortfolio(mirror, caller.orgId, MIRROR_RECORD_TYPES));
  const attribution = attributionOf(owners);
  return items.filter((item) => mayView(caller, propertiesOf(attribution, item)));
}
