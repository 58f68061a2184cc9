import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import { quickbooksAnnouncement } from "./quickbooks_events.ts";
import { describeQboChange } from "../../domain/mapping/from_quickbooks/transaction_changes.ts";
import { tenantChangesFromCustomer } from "../../domain/mapping/from_quickbooks/customer_changes.ts";
import type { QboEntityName } from "../../domain/model/quickbooks/qbo_payload.ts";
import type { AccountMappingRepository } from "../../domain/ports/account_mapping_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type {
  NewSyncEvent,
  PullCursorStore,
  ReviewQueue,
  SyncEventLog,
} from "../../domain/ports/pull_state.ts";
import type {
  ChangedObject,
  QuickBooksGateway,
  QuickBooksTarget,
} from "../../domain/ports/quickbooks_gateway.ts";
import { isMirrorRecordType, type RecordMirror } from "../../domain/ports/record_mirror.ts";
import type { RecordOwners } from "../../domain/sync_engine/record_owners.ts";
import type {
  StoredSyncLink,
  SyncLinkRepository,
  SyncLinkWrite,
} from "../../domain/ports/sync_link_repository.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { SyncSettingsRepository } from "../../domain/ports/sync_settings_repository.ts";
import type { MappingRulesRepository } from "../../domain/ports/mapping_rules_repository.ts";
import { mergeThreeWay } from "../../domain/sync/conflicts/three_way_merge.ts";
import { entityTier } from "../../domain/sync/entity_order.ts";
import { canonicalJson } from "../../domain/shared/canonical_json.ts";
import { projectOnto } from "../../domain/sync_engine/project_onto.ts";
import { loadDesiredSnapshot } from "./desired_snapshot.ts";
import { estatecoreSideOf } from "./estatecore_side.ts";
import { linkedRecordOf } from "./linked_record.ts";
import { qboCustomerOf } from "./qbo_customer_view.ts";

/** The entities the pull watches (the ones the push writes). */
export const PULLED_ENTITIES = [
  "Customer",
  "Vendor",
  "Invoice",
  "Payment",
  "Bill",
  "BillPayment",
  "Purchase",
  "JournalEntry",
];
const CDC_WINDOW_DAYS = 29;

export interface PullDependencies {
  readonly mirror: RecordMirror;
  readonly links: SyncLinkRepository;
  readonly gateway: QuickBooksGateway;
  readonly settings: SyncSettingsRepository;
  readonly mappings: AccountMappingRepository;
  readonly mappingRules: Pick<MappingRulesRepository, "get">;
  readonly connections: Pick<ConnectionRepository, "get">;
  readonly cursors: PullCursorStore;
  readonly events: SyncEventLog;
  readonly reviews: ReviewQueue;
  readonly clock: Clock;
  readonly logger: Logger;
  /** What the pull stores and announces commits together. */
  readonly atomically: Atomically;
  /** Announces QuickBooks-side facts and new reviews (outbound events). */
  readonly emit: EmitEvent;
}

export interface PullReport {
  readonly changes: number;
  readonly events: number;
  readonly reviews: number;
  readonly tenantsUpdated: number;
  readonly source: "cdc" | "query";
  readonly cursor: string;
}

const pick = (o: Readonly<Record<string, unknown>>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
const omit = (o: Readonly<Record<string, unknown>>, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const isVoided = (o: Readonly<Record<string, unknown>>) =>
  typeof o.PrivateNote === "string" && o.PrivateNote.startsWith("Voided") && Number(o.TotalAmt ?? 0) === 0;

/**
 * Brings QBO-side changes of a company back: reads CDC since the stored cursor (QBO falls back to
 * queries beyond 30 days), and for every object the integration linked: deletions and voids are
 * announced to EstateCore; edits are merged three-way against the last synced snapshot under the
 * org's conflict policy (tenant fields QBO wins are written to the mirror; conflicts the policy
 * leaves to a person open a review item). Payments entered in QBO against synced invoices are
 * announced. The cursor moves only after everything was recorded, so a crash re-reads, never skips.
 */
export async function pullChanges(deps: PullDependencies, target: QuickBooksTarget): Promise<PullReport> {
  const now = deps.clock.now();
  const stored = await deps.cursors.get(target.orgId, target.realmId);
  const since = stored ? new Date(stored) : new Date(now.getTime() - CDC_WINDOW_DAYS * 86_400_000);
  const changeSet = await deps.gateway.changesSince(target, PULLED_ENTITIES, since);
  const snapshot = await loadDesiredSnapshot(deps, target);
  const { sync, portfolio, links: allLinks, owners } = snapshot;
  const policy = sync.conflict_resolution;
  const byQboId = new Map(allLinks.map((l) => [`${l.entityType}/${l.qboId}`, l]));
  /** EstateCore's ids for an invoice: the charges billed on it, not the sync engine's group key. */
  const chargesOf = (invoiceRecordId: string) =>
    linkedRecordOf({ entityType: "Invoice", recordId: invoiceRecordId }, owners)?.record_ids.slice() ??
      [invoiceRecordId];
  const recordOf = (link: StoredSyncLink) => linkedRecordOf(link, owners);
  // A tombstone never takes QBO's edits: that would bring it back.
  const liveTenants = new Map(portfolio.tenants.filter((t) => !t.deleted).map((t) => [t.data.id, t.data]));

  const events: NewSyncEvent[] = [];
  const linkWrites: SyncLinkWrite[] = [];
  let reviews = 0;
  let tenantsUpdated = 0;
  const at = now.toISOString();
  // Each fact is keyed by the object's SyncToken: re-reading the same change never logs it twice.
  const event = (c: ChangedObject, e: EventFields) =>
    events.push({
      orgId: target.orgId,
      realmId: target.realmId,
      at,
      entityType: c.entityName,
      qboId: c.id,
      dedupeKey: `${e.event}:${c.entityName}:${c.id}:${
        c.deleted ? "deleted" : String(c.object.SyncToken ?? "")
      }`,
      ...e,
    });

  // What the pull stores (mirror edits, reviews, links, logged facts, their outbound events and the
  // cursor) is one unit: a crash leaves all of it to the next pull, which reads the same changes.
  let announced = 0;
  await deps.atomically(async () => {
    for (const change of changeSet.changes) {
      const link = byQboId.get(`${change.entityName}/${change.id}`);
      if (!link) {
        if (change.entityName === "Payment" && !change.deleted) {
          announceQboPayment(change, byQboId, chargesOf, event);
        }
        continue;
      }
      const record = recordOf(link);
      const keep = { ...link, recordVersion: link.recordVersion };
      if (change.deleted || isVoided(change.object)) {
        const report = describeQboChange(
          {
            entity: change.entityName as QboEntityName,
            id: change.id,
            operation: change.deleted ? "Delete" : "Void",
          },
          record,
        );
        if (report && link.state === "active") {
          event(change, {
            event: report.event,
            recordType: report.record.record_type,
            recordIds: report.record.record_ids,
            suggestedAction: report.suggested_action,
            details: {},
          });
        }
        linkWrites.push({
          ...keep,
          state: change.deleted ? "deleted" : "voided",
          syncToken: String(change.object.SyncToken ?? link.syncToken),
        });
        continue;
      }
      const side = estatecoreSideOf(snapshot, link);
      const token = String(change.object.SyncToken ?? link.syncToken);
      if (side.kind === "removed") {
        // Deleted in EstateCore: nothing merges into a tombstone; the push removes the object, and
        // should EstateCore send the record again, its values go back over QBO's.
        const quickbooks = projectOnto(link.baseSnapshot, change.object) as Record<string, unknown>;
        const edited = canonicalJson(quickbooks) !== canonicalJson(link.baseSnapshot);
        linkWrites.push({
          ...keep,
          syncToken: token,
          baseSnapshot: { ...link.baseSnapshot, ...quickbooks },
          fingerprint: edited ? "merged" : link.fingerprint,
        });
        continue;
      }
      const unknown = side.kind === "unmapped" ? side.unknown : [];
      const keys = Object.keys(side.shape);
      const quickbooks = projectOnto(side.shape, change.object) as Record<string, unknown>;
      if (canonicalJson(quickbooks) === canonicalJson(pick(link.baseSnapshot, keys))) {
        if (token !== link.syncToken) linkWrites.push({ ...keep, syncToken: token }); // our own write echoed back
        continue;
      }
      const merge = mergeThreeWay({
        base: link.baseSnapshot,
        estatecore: pick(side.values, keys),
        quickbooks,
        policy,
        postedTransaction: entityTier(link.entityType) >= 2,
        estatecoreChangedAt: policy === "timestamp_based"
          ? await changedAt(deps, target.orgId, owners, link)
          : undefined,
        quickbooksChangedAt: change.lastUpdated?.toISOString(),
        estatecoreUnknown: unknown,
      });
      const unmapped = side.kind === "unmapped" ? { unmapped: { ...side.why } } : {};
      if (merge.status === "needs_review") {
        reviews++;
        const review = await deps.reviews.open({
          id: "",
          orgId: target.orgId,
          realmId: target.realmId,
          entityType: link.entityType,
          recordId: link.recordId,
          qboId: link.qboId,
          conflicts: merge.conflicts.map((c) => ({
            ...c,
            ...(c.reason === "estatecore_unmapped" ? unmapped : {}),
          })),
          quickbooksSnapshot: change.object,
          createdAt: at,
        });
        if (review.opened) {
          await deps.emit(target.orgId, "review.created", {
            review_id: review.id,
            realm_id: target.realmId,
            entity: link.entityType,
            qbo_id: link.qboId,
            record_type: record?.record_type ?? null,
            record_id: record?.record_ids[0] ?? null,
            conflict_paths: review.conflicts.map((c) => String(c.path ?? "")),
            link: "/sync/reviews",
          }, at);
        }
      }
      const decided = merge.conflicts.filter((c) => c.resolution !== "manual");
      if (decided.length > 0) {
        // The policy settled conflicts without a person: EstateCore hears which side won each field.
        event(change, {
          event: "quickbooks.conflict_resolved",
          recordType: record?.record_type ?? null,
          recordIds: record?.record_ids ?? [link.recordId],
          suggestedAction: decided.some((c) => c.resolution === "quickbooks") ? "apply_fields" : null,
          details: { policy, conflicts: decided.map((c) => ({ ...c })), ...unmapped },
        });
      }
      if (Object.keys(merge.toEstatecore).length > 0 && record) {
        event(change, {
          event: "quickbooks.edited",
          recordType: record.record_type,
          recordIds: record.record_ids,
          suggestedAction: "compare_fields",
          details: { fields: merge.toEstatecore },
        });
        if (link.entityType === "Customer" && record.record_type === "tenant") {
          tenantsUpdated += await applyTenantEdits(
            deps,
            target.orgId,
            liveTenants.get(record.record_ids[0]),
            link.baseSnapshot,
            { ...link.baseSnapshot, ...merge.toEstatecore },
            at,
          );
        }
      }
      // The new base is what QBO holds now, so the push sends every EstateCore value QBO lacks; a
      // field awaiting review keeps its merged value until a person decides (and the pull asks again).
      const inReview = new Set(
        merge.conflicts.filter((c) => c.resolution === "manual").map((c) => c.path.split(".")[0]),
      );
      const baseNow = Object.fromEntries(
        keys.flatMap((k) => {
          const value = inReview.has(k) ? merge.merged[k] : quickbooks[k];
          return value === undefined ? [] : [[k, value]];
        }),
      );
      linkWrites.push({
        ...keep,
        syncToken: token,
        baseSnapshot: { ...omit(link.baseSnapshot, keys), ...baseNow },
        // A merge that must reach QBO makes the next push plan an update.
        fingerprint: Object.keys(merge.toQuickbooks).length > 0 ? "merged" : link.fingerprint,
      });
    }
    if (linkWrites.length > 0) await deps.links.saveBatch(target.orgId, target.realmId, linkWrites, at);
    const appended = events.length > 0 ? await deps.events.append(events) : [];
    for (const fact of appended) {
      const announcement = quickbooksAnnouncement(fact, sync.currency);
      if (announcement) await deps.emit(target.orgId, announcement.type, announcement.data, at);
    }
    await deps.cursors.set(target.orgId, target.realmId, changeSet.nextCursor.toISOString(), at);
    announced = appended.length;
  });
  deps.logger.info("pull finished", {
    org_id: target.orgId,
    realm_id: target.realmId,
    changes: changeSet.changes.length,
    events: announced,
    reviews,
  });
  return {
    changes: changeSet.changes.length,
    events: announced,
    reviews,
    tenantsUpdated,
    source: changeSet.source,
    cursor: changeSet.nextCursor.toISOString(),
  };
}

/**
 * When EstateCore last changed the records behind a link (the latest mirror update among them), for
 * the `timestamp_based` policy; undefined when none is stored.
 */
async function changedAt(
  deps: PullDependencies,
  orgId: string,
  owners: RecordOwners,
  link: StoredSyncLink,
): Promise<string | undefined> {
  const times: string[] = [];
  for (const owner of owners.ownersOf(link.entityType, link.recordId)) {
    if (!isMirrorRecordType(owner.recordType)) continue;
    const stored = await deps.mirror.get(orgId, owner.recordType, owner.recordId);
    if (stored) times.push(stored.updatedAt);
  }
  return times.sort().at(-1);
}

type EventFields = Omit<NewSyncEvent, "orgId" | "realmId" | "at" | "entityType" | "qboId" | "dedupeKey">;

function announceQboPayment(
  change: ChangedObject,
  byQboId: ReadonlyMap<string, StoredSyncLink>,
  chargesOf: (invoiceRecordId: string) => string[],
  event: (c: ChangedObject, e: EventFields) => void,
): void {
  const lines = Array.isArray(change.object.Line)
    ? change.object.Line as { Amount?: number; LinkedTxn?: { TxnId: string; TxnType: string }[] }[]
    : [];
  const invoices = lines.flatMap((l) =>
    (l.LinkedTxn ?? []).filter((t) => t.TxnType === "Invoice").map((t) => ({
      qbo_invoice_id: t.TxnId,
      amount: l.Amount ?? 0,
    }))
  );
  const ours = invoices.flatMap((i) => {
    const link = byQboId.get(`Invoice/${i.qbo_invoice_id}`);
    return link ? [{ ...i, charge_ids: chargesOf(link.recordId) }] : [];
  });
  if (ours.length === 0) return;
  const customerId = (change.object.CustomerRef as { value?: string } | undefined)?.value ?? null;
  event(change, {
    event: "quickbooks.payment_entered",
    recordType: "charges",
    recordIds: [...new Set(ours.flatMap((o) => o.charge_ids))],
    suggestedAction: "record_payment",
    details: {
      total: change.object.TotalAmt,
      txn_date: change.object.TxnDate,
      customer_qbo_id: customerId,
      tenant_id: customerId === null ? null : byQboId.get(`Customer/${customerId}`)?.recordId ?? null,
      invoices: ours,
    },
  });
}

async function applyTenantEdits(
  deps: PullDependencies,
  orgId: string,
  tenant: Readonly<Record<string, unknown>> | undefined,
  base: Readonly<Record<string, unknown>>,
  /** The base with only the fields the merge gives to EstateCore. */
  merged: Readonly<Record<string, unknown>>,
  at: string,
): Promise<number> {
  if (!tenant) return 0;
  const changes = tenantChangesFromCustomer(qboCustomerOf(base), qboCustomerOf(merged));
  if (changes.length === 0) return 0;
  const updated: Record<string, unknown> = { ...tenant };
  for (const c of changes) {
    if (c.after === undefined) delete updated[c.field];
    else updated[c.field] = c.after;
  }
  await deps.mirror.upsertMany(orgId, [{
    recordType: "tenant",
    recordId: String(tenant.id),
    propertyId: typeof tenant.property_id === "string" ? tenant.property_id : null,
    data: updated,
  }], at);
  return 1;
}
