import { DomainError } from "../errors.ts";
import { QUICKBOOKS_MAX_BATCH_ITEMS } from "../ports/quickbooks_gateway.ts";
import { entityTier, removalKind } from "./entity_order.ts";
import { fingerprint } from "./fingerprint.ts";
import { batchItemId, batchRequestId, syncRequestId } from "./request_id.ts";
import { sparseChanges } from "./sparse_changes.ts";
import {
  type DesiredRecord,
  DesiredRecordSchema,
  type RecordState,
  syncKey,
  type SyncLink,
} from "./sync_record.ts";

/** One write to QBO. */
export interface SyncOperation {
  readonly kind: "create" | "update" | "void" | "delete";
  readonly entityType: string;
  readonly recordId: string;
  readonly version: string | number;
  /** QBO id and SyncToken of the existing object (absent for create). */
  readonly qboId?: string;
  readonly syncToken?: string;
  /** create: the full payload; update: only the changed fields (send with sparse: true); void/delete: {}. */
  readonly body: Readonly<Record<string, unknown>>;
  /** Fingerprint and snapshot the link must store once QBO confirms the write. */
  readonly fingerprint: string;
  readonly snapshot: Readonly<Record<string, unknown>>;
  /** The state of the QBO object after the write. */
  readonly resultingState: RecordState;
  readonly tier: number;
  readonly requestId: string;
  /** Why: "new", "changed", "reactivate", "deactivate", "void", "delete". */
  readonly reason: string;
}

/** A record the plan deliberately leaves alone, and why. */
export interface SkipDecision {
  readonly kind: "skip";
  readonly entityType: string;
  readonly recordId: string;
  /**
   * unchanged: fingerprint equals the link's; already_removed: QBO already voided/deleted it as asked;
   * never_synced: a voided/deleted record that never reached QBO; removed_in_quickbooks: EstateCore
   * still counts a transaction but QBO voided/deleted it (reconciliation reports it, the planner never
   * resurrects a transaction; a name or list object made inactive is reactivated instead).
   */
  readonly reason: "unchanged" | "already_removed" | "never_synced" | "removed_in_quickbooks";
}

/**
 * A chunk of operations sent as one QBO batch call: one tier only, at most `batchSize` items. Each
 * item's `bId` is assigned here, once, and sent to QBO as it is.
 */
export interface SyncBatch {
  readonly index: number;
  readonly tier: number;
  readonly requestId: string;
  readonly items: readonly { readonly bId: string; readonly operation: SyncOperation }[];
}

/** The ordered writes, the skips and the batches. */
export interface SyncPlan {
  readonly writes: readonly SyncOperation[];
  readonly skips: readonly SkipDecision[];
  readonly batches: readonly SyncBatch[];
}

export interface PlanSyncOptions {
  /** Items per batch, 1..`QUICKBOOKS_MAX_BATCH_ITEMS` (the gateway's limit per call), which is the default. */
  readonly batchSize?: number;
}

/**
 * Plans the writes that make QBO hold `desired`, given the `links` of the last successful sync.
 * Active records without a link are created; with a link, skipped when the fingerprint is unchanged,
 * else updated with only the fields that differ from the base snapshot. Voided/deleted records are
 * voided, deleted or made inactive (see `removalKind`); a record active again whose name or list
 * object was made inactive is reactivated (a sparse update with `Active: true`, QBO keeps the id). Links with no desired record are left alone:
 * the planner only acts on what it is told about.
 *
 * Order: removals first, payments before the transactions they pay (reverse tiers), then
 * reactivations, then creates and updates lists -> names -> transactions -> payments; inside a tier
 * by entity type then record id.
 * Batches never mix tiers or phases. Planning twice with no change, or after applying a plan's
 * results with `applySyncResults`, plans no write.
 *
 * @example
 * ```ts
 * const desired = [{ recordId: "t1", entityType: "Customer" as const, version: 1,
 *   payload: { DisplayName: "Jane Doe (Maple Ct 4B)" } }];
 * const plan = planSync(desired, [], {});
 * plan.writes[0].kind; // "create"
 * plan.batches[0].items[0].bId; // "b0"
 * ```
 */
export function planSync(
  desired: readonly DesiredRecord[],
  links: readonly SyncLink[],
  options: PlanSyncOptions = {},
): SyncPlan {
  const batchSize = options.batchSize ?? QUICKBOOKS_MAX_BATCH_ITEMS;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > QUICKBOOKS_MAX_BATCH_ITEMS) {
    throw new DomainError(
      "VALIDATION_FAILED",
      `Batch size must be an integer from 1 to ${QUICKBOOKS_MAX_BATCH_ITEMS}`,
      { batchSize },
    );
  }
  const linkByKey = new Map<string, SyncLink>();
  for (const link of links) linkByKey.set(syncKey(link.entityType, link.recordId), link);

  const writes: SyncOperation[] = [];
  const skips: SkipDecision[] = [];
  const seen = new Set<string>();
  for (const input of desired) {
    const parsed = DesiredRecordSchema.safeParse(input);
    if (!parsed.success) {
      throw new DomainError("VALIDATION_FAILED", "Invalid desired record", {
        recordId: input.recordId,
        issues: parsed.error.issues,
      });
    }
    const record = parsed.data;
    const key = syncKey(record.entityType, record.recordId);
    if (seen.has(key)) {
      throw new DomainError("VALIDATION_FAILED", `Desired record listed twice: ${key}`, { key });
    }
    seen.add(key);
    const decision = decide(record, linkByKey.get(key));
    if (decision.kind === "skip") skips.push(decision);
    else writes.push(decision);
  }
  writes.sort(compareOperations);
  return { writes, skips, batches: chunk(writes, batchSize) };
}

type ParsedDesired = {
  recordId: string;
  entityType: string;
  version: string | number;
  state: RecordState;
  payload: Record<string, unknown>;
};

function decide(record: ParsedDesired, link: SyncLink | undefined): SyncOperation | SkipDecision {
  const skip = (reason: SkipDecision["reason"]): SkipDecision => ({
    kind: "skip",
    entityType: record.entityType,
    recordId: record.recordId,
    reason,
  });
  const tier = entityTier(record.entityType);
  const fp = fingerprint(record.payload);
  const op = (
    kind: SyncOperation["kind"],
    body: Record<string, unknown>,
    resultingState: RecordState,
    reason: string,
  ): SyncOperation => ({
    kind,
    entityType: record.entityType,
    recordId: record.recordId,
    version: record.version,
    qboId: link?.qboId,
    syncToken: link?.syncToken,
    body,
    fingerprint: fp,
    // A removal changes nothing but the state: the base stays what QBO last held.
    snapshot: resultingState === "active"
      ? record.payload
      : { ...link?.baseSnapshot, ...(reason === "deactivate" ? { Active: false } : {}) },
    resultingState,
    tier,
    reason,
    requestId: syncRequestId({
      entityType: record.entityType,
      recordId: record.recordId,
      version: record.version,
      operation: reason === "deactivate" ? "deactivate" : kind,
      fingerprint: fp,
      syncToken: link?.syncToken,
    }),
  });

  if (record.state === "active") {
    if (link === undefined) return op("create", record.payload, "active", "new");
    if (link.state !== "active" && removalKind(record.entityType, link.state) === "deactivate") {
      // A name made inactive comes back with its record: QBO reactivates it in place, same id.
      const body = sparseChanges(link.baseSnapshot, record.payload);
      return op(
        "update",
        record.payload.Active === undefined ? { ...body, Active: true } : body,
        "active",
        "reactivate",
      );
    }
    if (link.state !== "active") return skip("removed_in_quickbooks");
    if (link.fingerprint === fp) return skip("unchanged");
    const body = sparseChanges(link.baseSnapshot, record.payload);
    if (Object.keys(body).length === 0) return skip("unchanged");
    return op("update", body, "active", "changed");
  }
  if (link === undefined) return skip("never_synced");
  if (link.state !== "active") return skip("already_removed");
  const removal = removalKind(record.entityType, record.state);
  if (removal === "deactivate") return op("update", { Active: false }, record.state, "deactivate");
  return op(removal, {}, record.state, removal);
}

/** Removals (reverse tiers) before reactivations and writes (forward tiers); then entity type, record id. */
function compareOperations(a: SyncOperation, b: SyncOperation): number {
  const pa = phase(a), pb = phase(b);
  if (pa !== pb) return pa - pb;
  if (a.tier !== b.tier) return pa === 0 ? b.tier - a.tier : a.tier - b.tier;
  if (a.entityType !== b.entityType) return a.entityType < b.entityType ? -1 : 1;
  return a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;
}

/** Removals, then reactivations (a sub-customer's update fails while its parent is inactive), then the rest. */
function phase(op: SyncOperation): number {
  return op.resultingState !== "active" ? 0 : op.reason === "reactivate" ? 1 : 2;
}

function chunk(writes: readonly SyncOperation[], batchSize: number): SyncBatch[] {
  const batches: SyncBatch[] = [];
  let current: SyncOperation[] = [];
  const flush = () => {
    if (current.length === 0) return;
    batches.push({
      index: batches.length,
      tier: current[0].tier,
      requestId: batchRequestId(current.map((o) => o.requestId)),
      items: current.map((operation, i) => ({ bId: batchItemId(i), operation })),
    });
    current = [];
  };
  for (const op of writes) {
    const last = current[current.length - 1];
    if (
      last !== undefined &&
      (last.tier !== op.tier || phase(last) !== phase(op) || current.length >= batchSize)
    ) {
      flush();
    }
    current.push(op);
  }
  flush();
  return batches;
}
