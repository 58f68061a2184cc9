/**
 * Composition of the sync engine's data side: the record mirror and its intake API, account
 * mappings, sync settings, the job queue and sync links. Returns the repositories for the worker
 * and sync runners, and the route modules the HTTP app registers.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerIntakeRoutes } from "../../adapters/http/routes/intake.ts";
import { registerMappingRoutes } from "../../adapters/http/routes/mappings.ts";
import { registerSettingsRoutes } from "../../adapters/http/routes/settings.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlJobQueue } from "../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlRecordMirror } from "../../adapters/persistence/repositories/record_mirror_repository.ts";
import { SqlSyncLinkRepository } from "../../adapters/persistence/repositories/sync_link_repository.ts";
import {
  SqlPullCursorStore,
  SqlReviewQueue,
  SqlSyncEventLog,
} from "../../adapters/persistence/repositories/pull_state_repositories.ts";
import { SqlSyncHistory } from "../../adapters/persistence/repositories/sync_history_repository.ts";
import type { PullCursorStore, ReviewQueue, SyncEventLog } from "../../domain/ports/pull_state.ts";
import type { SyncHistory } from "../../domain/ports/sync_history.ts";
import type { AccountMappingRepository } from "../../domain/ports/account_mapping_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { JobQueue } from "../../domain/ports/job_queue.ts";
import type { RecordMirror } from "../../domain/ports/record_mirror.ts";
import type { SyncLinkRepository } from "../../domain/ports/sync_link_repository.ts";
import type { SyncSettingsRepository } from "../../domain/ports/sync_settings_repository.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { ingestRecords } from "../intake/ingest_records.ts";
import { deleteRecord, getRecord, listRecords, putRecord } from "../intake/record_use_cases.ts";
import {
  deletePropertyMapping,
  getAccountMappings,
  putDefaultMapping,
  putPropertyMapping,
} from "../settings/account_mapping_use_cases.ts";
import { getSyncSettings, putSyncSettings } from "../settings/sync_settings_use_cases.ts";
import {
  getMappingRules,
  previewMappingRules,
  putMappingRules,
} from "../settings/mapping_rules_use_cases.ts";
import { SqlMappingRulesRepository } from "../../adapters/persistence/repositories/mapping_rules_repository.ts";
import type { MappingRulesRepository } from "../../domain/ports/mapping_rules_repository.ts";
import type { MappingValidationDependencies } from "../settings/mapping_validation.ts";

export interface SyncDataWiring {
  readonly mirror: RecordMirror;
  readonly mappings: AccountMappingRepository;
  readonly settings: SyncSettingsRepository;
  /** The invoice memo and custom-field rules organizations set. */
  readonly mappingRules: MappingRulesRepository;
  readonly jobs: JobQueue;
  readonly links: SyncLinkRepository;
  /** The pull's CDC cursors, the event log for EstateCore and the review queue. */
  readonly cursors: PullCursorStore;
  readonly events: SyncEventLog;
  readonly reviews: ReviewQueue;
  /** Per-run, per-record outcomes of pushes. */
  readonly history: SyncHistory;
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
}

export function wireSyncData(deps: {
  readonly database: Database;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly connections: ConnectionRepository;
  readonly mappings: AccountMappingRepository;
  readonly settings: SyncSettingsRepository;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
  /** Checks account mappings against the connected company (reference_data_wiring.ts). */
  readonly mappingValidation?: MappingValidationDependencies;
}): SyncDataWiring {
  const { database, clock, ids, connections, mappings, settings, audit, atomically } = deps;
  const mirror = new SqlRecordMirror(database);
  const mappingRules = new SqlMappingRulesRepository(database);
  const jobs = new SqlJobQueue(database, ids);
  const links = new SqlSyncLinkRepository(database);
  const cursors = new SqlPullCursorStore(database);
  const events = new SqlSyncEventLog(database);
  const reviews = new SqlReviewQueue(database, ids);
  const history = new SqlSyncHistory(database, ids);
  const now = () => clock.now();
  const intake = { mirror, clock, settings, audit, atomically };
  const mappingDeps = { mappings, mirror, clock, audit, atomically, validation: deps.mappingValidation };
  const settingsDeps = { settings, connections, clock, audit, atomically };
  const rulesDeps = {
    mirror,
    links,
    settings,
    mappings,
    mappingRules,
    connections,
    clock,
    audit,
    atomically,
  };

  const routeModules: ((api: ApiApp) => void)[] = [
    (api) =>
      registerIntakeRoutes(api, {
        putRecord: (caller, type, id, body, requestId) =>
          putRecord(intake, caller, type, id, body, requestId),
        getRecord: (caller, type, id) => getRecord(intake, caller, type, id),
        deleteRecord: (caller, type, id, requestId) => deleteRecord(intake, caller, type, id, requestId),
        listRecords: (caller, type, options) => listRecords(intake, caller, type, options),
        ingestRecords: (caller, items, requestId) => ingestRecords(intake, caller, items, requestId),
      }, now),
    (api) =>
      registerMappingRoutes(api, {
        getMappings: (caller, options) => getAccountMappings(mappingDeps, caller, options),
        putDefaultMapping: (caller, defaults, requestId) =>
          putDefaultMapping(mappingDeps, caller, defaults, requestId),
        putPropertyMapping: (caller, propertyId, override, requestId) =>
          putPropertyMapping(mappingDeps, caller, propertyId, override, requestId),
        deletePropertyMapping: (caller, propertyId, requestId) =>
          deletePropertyMapping(mappingDeps, caller, propertyId, requestId),
      }, now),
    (api) =>
      registerSettingsRoutes(api, {
        getSyncSettings: (caller) => getSyncSettings(settingsDeps, caller),
        putSyncSettings: (caller, changes, requestId) =>
          putSyncSettings(settingsDeps, caller, changes, requestId),
        getMappingRules: (caller) => getMappingRules(rulesDeps, caller),
        putMappingRules: (caller, rules, requestId) => putMappingRules(rulesDeps, caller, rules, requestId),
        previewMappingRules: (caller, input) => previewMappingRules(rulesDeps, caller, input),
      }, now),
  ];
  return {
    mirror,
    mappings,
    settings,
    mappingRules,
    jobs,
    links,
    cursors,
    events,
    reviews,
    history,
    routeModules,
  };
}
