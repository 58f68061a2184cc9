import { type Caller, requireAuthorized, requireRole } from "../../domain/access/authorize.ts";
import { DomainError, isDomainError } from "../../domain/errors.ts";
import { tenantChangesFromCustomer } from "../../domain/mapping/from_quickbooks/customer_changes.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Job, JobQueue } from "../../domain/ports/job_queue.ts";
import type { ReviewItem, ReviewQueue, SyncEventLog } from "../../domain/ports/pull_state.ts";
import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { StoredSyncLink, SyncLinkWrite } from "../../domain/ports/sync_link_repository.ts";
import { mergeThreeWay } from "../../domain/sync/conflicts/three_way_merge.ts";
import { entityTier } from "../../domain/sync/entity_order.ts";
import { fingerprint } from "../../domain/sync/fingerprint.ts";
import { sparseChanges } from "../../domain/sync/sparse_changes.ts";
import { projectOnto } from "../../domain/sync_engine/project_onto.ts";
import type { RecordOwners } from "../../domain/sync_engine/record_owners.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { DesiredRecordDependencies } from "../../domain/ports/desired_record_sources.ts";
import { loadDesiredSnapshot } from "./desired_snapshot.ts";
import { estatecoreSideOf } from "./estatecore_side.ts";
import { linkedPropertyIds, linkedRecordOf, recordRefOf, syncedRecordOf } from "./linked_record.ts";
import { qboCustomerOf } from "./qbo_customer_view.ts";
import { enqueueSync } from "./sync_jobs.ts";
import { actorOf } from "../../domain/access/caller.ts";

export type ReviewSide = "estatecore" | "quickbooks";

/** A link fingerprint no payload has: the next push plans an update from the base snapshot. */
export const FORCE_UPDATE_FINGERPRINT = "review:resolved";

export interface ResolveReviewDependencies extends DesiredRecordDependencies {
  readonly reviews: Pick<ReviewQueue, "get" | "resolve">;
  readonly gateway: Pick<QuickBooksGateway, "read">;
  readonly events: SyncEventLog;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
  /** Announces what happened (outbound events), in the same unit of work as the change. */
  readonly emit: EmitEvent;
  readonly clock: Clock;
}

export interface ResolveReviewRequest {
  readonly reviewId: string;
  readonly side: ReviewSide;
  readonly requestId: string | null;
}

export interface ReviewResolution {
  readonly review: ReviewItem;
  /** Top-level QBO fields the next push writes (empty when QBO is already what it should be). */
  readonly fieldsToQuickbooks: readonly string[];
  /** EstateCore record fields written to the mirror from QBO (quickbooks side, tenants). */
  readonly fieldsToEstatecore: readonly string[];
}

/**
 * A person picks a side for a conflict the pull queued (policy `manual`). Both sides start from
 * QBO's object as it is now (a fresh read: its SyncToken, its values projected onto what the
 * integration writes), which becomes the link's base snapshot.
 *
 * `estatecore`: EstateCore's version wins; the link is marked so the next push sends a sparse
 * update of every field where EstateCore differs from QBO (the push skips records only while
 * their review is open).
 *
 * `quickbooks`: QBO's values win every conflicting field, other edits merge as usual. A tenant
 * takes QBO's fields in the mirror (as the pull does); the link's fingerprint is then set so the
 * push never writes a field QBO won: EstateCore-only edits still go out when they touch none of
 * them, otherwise QBO's object is kept as is until EstateCore changes the record again. EstateCore
 * hears about it in the event log (`quickbooks.review_resolved`).
 *
 * The data is written before the review is marked resolved, so a crash leaves it open and a retry
 * completes it (every write is idempotent); the event and the audit record follow the resolution.
 * The caller needs `conflicts:resolve` on the properties of the record under review (FORBIDDEN).
 * Unknown review: NOT_FOUND; already resolved, or the QBO object gone: CONFLICT.
 */
export async function resolveReview(
  deps: ResolveReviewDependencies,
  caller: Caller,
  request: ResolveReviewRequest,
): Promise<ReviewResolution> {
  requireRole(caller, "conflicts:resolve");
  const { orgId } = caller;
  const { reviewId, side } = request;
  const review = await deps.reviews.get(orgId, reviewId);
  if (!review) throw new DomainError("NOT_FOUND", `No review item ${reviewId}`, { review_id: reviewId });
  const target: QuickBooksTarget = { orgId, realmId: review.realmId };
  const link = await deps.links.get(orgId, review.realmId, review.entityType, review.recordId);
  const snapshot = await loadDesiredSnapshot(deps, target);
  const owners = snapshot.owners;
  // The caller must hold the properties of the record under review.
  requireAuthorized(caller, "conflicts:resolve", {
    propertyIds: link ? linkedPropertyIds(link, owners) : [],
  });
  if (review.status !== "open") {
    throw new DomainError("CONFLICT", `Review item ${reviewId} is already resolved`, {
      review_id: reviewId,
      resolution: review.resolution,
    });
  }
  if (!link || link.state !== "active") {
    throw new DomainError("CONFLICT", "The record is no longer linked to an active QuickBooks object", {
      review_id: reviewId,
      link_state: link?.state ?? null,
    });
  }
  const current = await deps.gateway.read(target, link.entityType, link.qboId);
  if (!current) {
    throw new DomainError("CONFLICT", "The QuickBooks object no longer exists; the next pull records it", {
      review_id: reviewId,
      qbo_id: link.qboId,
    });
  }
  const at = deps.clock.now().toISOString();
  const desired = snapshot.desiredOf(link.entityType, link.recordId);
  const holds = estatecoreSideOf(snapshot, link);
  const estatecore = holds.kind === "removed" ? link.baseSnapshot : holds.values;
  const shape = holds.kind === "removed" ? link.baseSnapshot : holds.shape;
  const quickbooks = projectOnto(shape, current) as Record<string, unknown>;
  const base = {
    ...link,
    syncToken: String(current.SyncToken ?? link.syncToken),
    baseSnapshot: quickbooks,
  };

  let fieldsToEstatecore: string[] = [];
  let fieldsToQuickbooks: string[] = [];
  let quickbooksWon: Record<string, unknown> = {};
  let write: SyncLinkWrite;
  await deps.atomically(async () => {
    if (side === "estatecore") {
      fieldsToQuickbooks = desired ? Object.keys(sparseChanges(quickbooks, desired.payload)) : [];
      write = {
        ...base,
        fingerprint: fieldsToQuickbooks.length > 0 || !desired
          ? FORCE_UPDATE_FINGERPRINT
          : fingerprint(desired.payload),
      };
    } else {
      const merge = mergeThreeWay({
        base: link.baseSnapshot,
        estatecore,
        quickbooks,
        policy: "quickbooks_wins",
        postedTransaction: entityTier(link.entityType) >= 2,
        estatecoreUnknown: holds.kind === "unmapped" ? holds.unknown : [],
      });
      fieldsToEstatecore = await applyToTenant(deps, orgId, link, merge.toEstatecore, at);
      const after = fieldsToEstatecore.length > 0
        ? (await loadDesiredSnapshot(deps, target)).desiredOf(link.entityType, link.recordId)
        : desired;
      // Fields whose QBO value was chosen: the push must never write over them.
      const won = new Set([
        ...Object.keys(merge.toEstatecore),
        ...review.conflicts.map((c) => String(c.path ?? "").split(".")[0]),
      ]);
      const pending = after ? Object.keys(sparseChanges(quickbooks, after.payload)) : [];
      const pushable = pending.length > 0 && pending.every((f) => !won.has(f));
      fieldsToQuickbooks = pushable ? pending : [];
      write = {
        ...base,
        fingerprint: pushable || !after ? FORCE_UPDATE_FINGERPRINT : fingerprint(after.payload),
      };
      quickbooksWon = merge.toEstatecore;
    }
    await deps.links.saveBatch(orgId, review.realmId, [write], at);

    if (!await deps.reviews.resolve(orgId, reviewId, side, at)) {
      throw new DomainError("CONFLICT", `Review item ${reviewId} was resolved by someone else`, {
        review_id: reviewId,
      });
    }
    if (side === "quickbooks") {
      await announce(deps, review, link, owners, quickbooksWon, fieldsToEstatecore, at);
    }
    await deps.audit({
      orgId,
      at,
      actor: actorOf(caller),
      action: "sync.review_resolved",
      target: `review:${reviewId}`,
      details: {
        side,
        entity_type: link.entityType,
        record_id: link.recordId,
        qbo_id: link.qboId,
        conflict_paths: review.conflicts.map((c) => c.path),
        fields_to_quickbooks: fieldsToQuickbooks,
        fields_to_estatecore: fieldsToEstatecore,
      },
      requestId: request.requestId,
    });
    await deps.emit(orgId, "review.resolved", {
      review_id: reviewId,
      realm_id: review.realmId,
      side,
      ...recordRefOf(link, owners),
      link: "/sync/reviews",
    }, at);
  });
  return {
    review: { ...review, status: "resolved", resolution: side, resolvedAt: at },
    fieldsToQuickbooks,
    fieldsToEstatecore,
  };
}

export interface ResolveAndPushDependencies extends ResolveReviewDependencies {
  readonly jobs: JobQueue;
  readonly connections: Pick<ConnectionRepository, "get" | "getDefault">;
}

/**
 * A review resolved as the API asks: `resolveReview`, then, with `pushNow`, the push that applies
 * EstateCore's side at once is queued (none when QBO already holds what it should). A company that
 * is no longer connected (NOT_FOUND) or needs re-authorization (QB002) leaves the push to the next
 * sync: the review stays resolved and `pushJob` is null.
 */
export async function resolveReviewAndPush(
  deps: ResolveAndPushDependencies,
  caller: Caller,
  request: ResolveReviewRequest & { readonly pushNow: boolean },
): Promise<ReviewResolution & { readonly pushJob: Job | null }> {
  const resolution = await resolveReview(deps, caller, request);
  if (!request.pushNow || resolution.fieldsToQuickbooks.length === 0) return { ...resolution, pushJob: null };
  const { orgId, realmId } = resolution.review;
  try {
    return { ...resolution, pushJob: (await enqueueSync(deps, orgId, realmId, "push")).job };
  } catch (error) {
    if (isDomainError(error) && (error.code === "QB002" || error.code === "NOT_FOUND")) {
      return { ...resolution, pushJob: null };
    }
    throw error;
  }
}

/** Writes the fields QBO won to the tenant in the mirror (tenants are the records QBO edits reach). */
async function applyToTenant(
  deps: ResolveReviewDependencies,
  orgId: string,
  link: StoredSyncLink,
  toEstatecore: Readonly<Record<string, unknown>>,
  at: string,
): Promise<string[]> {
  const record = syncedRecordOf(link);
  if (link.entityType !== "Customer" || record?.record_type !== "tenant") return [];
  if (Object.keys(toEstatecore).length === 0) return [];
  const tenant = await deps.mirror.get(orgId, "tenant", record.record_ids[0]);
  if (!tenant || tenant.deleted) return [];
  const changes = tenantChangesFromCustomer(
    qboCustomerOf(link.baseSnapshot),
    qboCustomerOf({ ...link.baseSnapshot, ...toEstatecore }),
  );
  if (changes.length === 0) return [];
  const updated: Record<string, unknown> = { ...tenant.data };
  for (const c of changes) {
    if (c.after === undefined) delete updated[c.field];
    else updated[c.field] = c.after;
  }
  await deps.mirror.upsertMany(orgId, [{
    recordType: "tenant",
    recordId: tenant.recordId,
    propertyId: tenant.propertyId,
    data: updated,
  }], at);
  return changes.map((c) => c.field);
}

/** Tells EstateCore which values QBO kept, so it can take them (or knows the mirror did). */
async function announce(
  deps: ResolveReviewDependencies,
  review: ReviewItem,
  link: StoredSyncLink,
  owners: RecordOwners,
  toEstatecore: Readonly<Record<string, unknown>>,
  estatecoreFields: readonly string[],
  at: string,
): Promise<void> {
  const record = linkedRecordOf(link, owners);
  await deps.events.append([{
    orgId: review.orgId,
    realmId: review.realmId,
    at,
    event: "quickbooks.review_resolved",
    entityType: link.entityType,
    qboId: link.qboId,
    recordType: record?.record_type ?? null,
    recordIds: record?.record_ids ?? [link.recordId],
    suggestedAction: "apply_fields",
    details: {
      review_id: review.id,
      side: "quickbooks",
      fields: { ...toEstatecore },
      mirror_updated_fields: [...estatecoreFields],
    },
    dedupeKey: `quickbooks.review_resolved:${review.id}`,
  }]);
}
