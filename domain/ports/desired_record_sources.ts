import type { AccountMappingRepository } from "./account_mapping_repository.ts";
import type { ConnectionRepository } from "./connection_repository.ts";
import type { MappingRulesRepository } from "./mapping_rules_repository.ts";
import type { RecordMirror } from "./record_mirror.ts";
import type { SyncLinkRepository } from "./sync_link_repository.ts";
import type { SyncSettingsRepository } from "./sync_settings_repository.ts";

/**
 * Everything that decides what a push would want QuickBooks to hold: the records, the links, the
 * sync settings, the account mapping, the mapping rules and the company's tracking switches. The
 * push, reconciliation, conflict review and the mapping-rules preview all read the same sources.
 */
export interface DesiredRecordDependencies {
  readonly mirror: RecordMirror;
  readonly links: SyncLinkRepository;
  readonly settings: SyncSettingsRepository;
  readonly mappings: AccountMappingRepository;
  /** The invoice memo and custom-field rules the organization set (`/settings/mapping-rules`). */
  readonly mappingRules: Pick<MappingRulesRepository, "get">;
  /** The company's tracking switches, as last read from its preferences, decide the default tracking. */
  readonly connections: Pick<ConnectionRepository, "get">;
}
