import { TransformationRulesSchema } from "../../domain/mapping/transformation_rules.ts";
import type { AccountMappingRepository } from "../../domain/ports/account_mapping_repository.ts";
import type { QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { RecordMirror } from "../../domain/ports/record_mirror.ts";
import type { SyncLinkRepository } from "../../domain/ports/sync_link_repository.ts";
import {
  type SyncSettingsRepository,
  SyncSettingsSchema,
} from "../../domain/ports/sync_settings_repository.ts";
import type { DesiredRecord } from "../../domain/sync/sync_record.ts";
import { buildDesiredState } from "../../domain/sync_engine/desired_state.ts";
import { loadPortfolio } from "./load_portfolio.ts";
import { organizationSettingsFrom } from "./push_portfolio.ts";

export interface DesiredRecordDependencies {
  readonly mirror: RecordMirror;
  readonly links: SyncLinkRepository;
  readonly settings: SyncSettingsRepository;
  readonly mappings: AccountMappingRepository;
}

/**
 * What the push would want QBO to hold for one record right now (the same mapping the push and
 * pull run over the whole portfolio), or undefined when the record is not mapped (deleted, record
 * type not synced, blocked or in error). A single record's payload can depend on others (names,
 * references), so the whole portfolio is read.
 */
export async function currentDesiredRecord(
  deps: DesiredRecordDependencies,
  target: QuickBooksTarget,
  entityType: string,
  recordId: string,
): Promise<DesiredRecord | undefined> {
  const sync = (await deps.settings.get(target.orgId))?.settings ?? SyncSettingsSchema.parse({});
  const portfolio = await loadPortfolio(deps.mirror, target.orgId, sync.record_types);
  const state = buildDesiredState({
    portfolio,
    settings: organizationSettingsFrom(target.orgId, sync),
    accounts: (await deps.mappings.get(target.orgId)).mapping,
    rules: TransformationRulesSchema.parse({ display_name_template: sync.display_name_template }),
    links: await deps.links.listForRealm(target.orgId, target.realmId),
  });
  return state.desired.find((d) => d.entityType === entityType && d.recordId === recordId);
}
