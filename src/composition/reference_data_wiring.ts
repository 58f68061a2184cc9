/**
 * Composition of the QuickBooks reference lists (chart of accounts, classes, locations, items, tax
 * codes, terms, payment methods: cached per company, refreshed by CDC) and of the account mapping
 * checks against the connected company. Part of the composition root.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerReferenceListRoutes } from "../../adapters/http/routes/reference_lists.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlMappingValidationRepository } from "../../adapters/persistence/repositories/mapping_validation_repository.ts";
import { SqlReferenceListCache } from "../../adapters/persistence/repositories/reference_list_cache_repository.ts";
import type { MappingValidation } from "../../domain/mapping/mapping_validation.ts";
import type { AccountMappingRepository } from "../../domain/ports/account_mapping_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import { listReferenceEntries } from "../reference_data/list_reference_entries.ts";
import { ReferenceLists } from "../reference_data/reference_lists.ts";
import {
  type MappingValidationDependencies,
  recordedMappingValidation,
  validateMappingAtConnect,
} from "../settings/mapping_validation.ts";

export interface ReferenceDataWiring {
  readonly routeModule: (api: ApiApp) => void;
  /** For the account-mapping use cases: checks mapping writes against the connected company. */
  readonly mappingValidation: MappingValidationDependencies;
  /** After OAuth completes: checks the stored mapping against the new company. */
  validateAtConnect(target: QuickBooksTarget): Promise<MappingValidation>;
  /** The recorded check of the organization's mapping against one company (for `/status`). */
  recordedValidation(orgId: string, realmId: string): Promise<MappingValidation>;
  /** QuickBooks webhooks announced changes: the matching cached lists go stale. */
  onEntitiesChanged(realmId: string, entityNames: readonly string[]): Promise<void>;
}

export function wireReferenceData(input: {
  readonly database: Database;
  readonly gateway: QuickBooksGateway;
  readonly connections: ConnectionRepository;
  readonly mappings: AccountMappingRepository;
  readonly clock: Clock;
  readonly logger: Logger;
}): ReferenceDataWiring {
  const { database, gateway, connections, mappings, clock, logger } = input;
  const lists = new ReferenceLists({ gateway, cache: new SqlReferenceListCache(database), clock, logger });
  const mappingValidation: MappingValidationDependencies = {
    connections,
    lists,
    validations: new SqlMappingValidationRepository(database),
    clock,
    logger,
  };
  const now = () => clock.now();
  return {
    routeModule: (api) =>
      registerReferenceListRoutes(api, {
        listReferenceEntries: (caller, list, request) =>
          listReferenceEntries({ lists, connections }, caller, list, request),
      }, now),
    mappingValidation,
    validateAtConnect: (target) => validateMappingAtConnect({ ...mappingValidation, mappings }, target),
    recordedValidation: async (orgId, realmId) =>
      recordedMappingValidation(mappingValidation, orgId, realmId, (await mappings.get(orgId)).mapping),
    onEntitiesChanged: (realmId, entityNames) => lists.invalidate(realmId, entityNames),
  };
}
