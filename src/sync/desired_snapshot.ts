import { mappingRulesOf } from "../../domain/ports/mapping_rules_repository.ts";
import type { DesiredRecordDependencies } from "../../domain/ports/desired_record_sources.ts";
import type { TransformationRules } from "../../domain/mapping/transformation_rules.ts";
import { trackingSupportOf } from "../../domain/ports/connection_repository.ts";
import type { TrackingSupport } from "../../domain/mapping/tracking_support.ts";
import type { QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import { type SyncSettings, syncSettingsOf } from "../../domain/ports/sync_settings_repository.ts";
import type { StoredSyncLink } from "../../domain/ports/sync_link_repository.ts";
import type { Portfolio } from "../../domain/sync_engine/portfolio.ts";
import { type DesiredRecord, syncKey, type SyncLink } from "../../domain/sync/sync_record.ts";
import { RecordOwners } from "../../domain/sync_engine/record_owners.ts";
import { buildDesiredState, type DesiredState } from "../../domain/sync_engine/desired_state.ts";
import { loadPortfolio } from "./load_portfolio.ts";
import { waitingMessage } from "../../domain/mapping/mapping_result.ts";
import type { NotMapped } from "../../domain/mapping/rules_preview.ts";

/** The organization's records as the push sees them right now, and what it would write for one of them. */
export interface DesiredSnapshot {
  readonly sync: SyncSettings;
  readonly rules: TransformationRules;
  /** What the company lets properties be tracked as (null: no connected company known). */
  readonly support: TrackingSupport | null;
  readonly portfolio: Portfolio;
  readonly links: readonly StoredSyncLink[];
  /** Everything the push would want QBO to hold. */
  readonly desired: readonly DesiredRecord[];
  readonly owners: RecordOwners;
  /** What the push would want QBO to hold for the record, undefined when it is not mapped. */
  desiredOf(entityType: string, recordId: string): DesiredRecord | undefined;
  /**
   * The same records mapped against other links (the push's later rounds, once the references
   * they wait for are in QBO), with what stays blocked or unmappable.
   */
  stateWith(links: readonly SyncLink[]): DesiredState;
}

/**
 * Reads the portfolio once and maps it the way the push and pull do (a single record's payload
 * can depend on others: names, references). A record is not mapped when it is deleted, of a record
 * type not synced, blocked or in error.
 */
export async function loadDesiredSnapshot(
  deps: DesiredRecordDependencies,
  target: QuickBooksTarget,
  options: { readonly rules?: TransformationRules } = {},
): Promise<DesiredSnapshot> {
  const support = trackingSupportOf(await deps.connections.get(target.orgId, target.realmId));
  const sync = await syncSettingsOf(deps.settings, target.orgId, support);
  const portfolio = await loadPortfolio(deps.mirror, target.orgId, sync.record_types);
  const links = await deps.links.listForRealm(target.orgId, target.realmId);
  const mapping = {
    portfolio,
    settings: sync,
    accounts: (await deps.mappings.get(target.orgId)).mapping,
    rules: options.rules ?? await mappingRulesOf(deps.mappingRules, target.orgId),
  };
  const state = buildDesiredState({ ...mapping, links });
  const byKey = new Map(state.desired.map((d) => [syncKey(d.entityType, d.recordId), d]));
  return {
    sync,
    rules: mapping.rules,
    support,
    portfolio,
    links,
    desired: state.desired,
    owners: RecordOwners.of(portfolio),
    desiredOf: (entityType, recordId) => byKey.get(syncKey(entityType, recordId)),
    stateWith: (other) => other === links ? state : buildDesiredState({ ...mapping, links: other }),
  };
}

/**
 * Why a stored record (or, for a charge, the invoice it is billed on) has no object in the
 * snapshot: deleted, of a record type not synced, waiting for a reference, or a mapping error with
 * its code. Empty when it is mapped.
 */
export function notMappedOf(
  snapshot: DesiredSnapshot,
  record: { readonly recordType: string; readonly recordId: string; readonly deleted: boolean },
): NotMapped[] {
  const { recordType, recordId } = record;
  if (record.deleted) {
    return [{ reason: "deleted", code: null, message: `${recordType} ${recordId} is deleted`, missing: [] }];
  }
  if (!(snapshot.sync.record_types as readonly string[]).includes(recordType)) {
    return [{
      reason: "record_type_not_synced",
      code: null,
      message: `${recordType} is not among the settings' record_types`,
      missing: [],
    }];
  }
  const ids = new Set(recordType === "charge" ? snapshot.owners.chargesBilledWith(recordId) : [recordId]);
  const state = snapshot.stateWith(snapshot.links);
  const matches = (r: { recordType: string; recordId: string }) =>
    r.recordType === recordType && ids.has(r.recordId);
  return [
    ...state.blocked.filter(matches).map((b): NotMapped => ({
      reason: "waiting_for_reference",
      code: null,
      message: waitingMessage(b.missing),
      missing: b.missing,
    })),
    ...state.errors.filter(matches).map((e): NotMapped => ({
      reason: "mapping_error",
      code: e.code,
      message: e.message,
      missing: [],
    })),
  ];
}
