/**
 * Composition of reconciliation and data quality: the report store, the use cases and their routes
 * (POST /reconcile, GET /reconcile/{id}, POST /reconcile/{id}/resolve, GET /data-quality), and the
 * `reconcile(orgId, { periodDays })` entry point the automation's scheduled runs call.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerReconciliationRoutes } from "../../adapters/http/routes/reconciliation.ts";
import {
  viewDataQuality,
  viewReport,
  viewResolution,
} from "../../adapters/http/routes/reconciliation_view.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlReconciliationReportRepository } from "../../adapters/persistence/repositories/reconciliation_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import {
  type ReconcileOutcome,
  reconcilerFor,
  type ReconciliationDependencies,
} from "../reconciliation/run_reconciliation.ts";
import {
  dataQualityFor,
  getReconciliationReport,
  reconcileFor,
  resolveReconciliationFor,
} from "../reconciliation/reconciliation_use_cases.ts";
import type { SyncDataWiring } from "./sync_data_wiring.ts";

export interface ReconciliationWiring {
  readonly reconcile: (orgId: string, options: { readonly periodDays: number }) => Promise<ReconcileOutcome>;
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
}

export function wireReconciliation(deps: {
  readonly database: Database;
  readonly data: SyncDataWiring;
  readonly gateway: QuickBooksGateway;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
}): ReconciliationWiring {
  const reports = new SqlReconciliationReportRepository(deps.database);
  const useCases: ReconciliationDependencies = {
    ...deps.data,
    gateway: deps.gateway,
    connections: deps.connections,
    clock: deps.clock,
    ids: deps.ids,
    logger: deps.logger,
    reports,
  };
  const now = () => deps.clock.now();
  const routeModules = [(api: ApiApp) =>
    registerReconciliationRoutes(api, {
      reconcile: async (caller, input) =>
        viewReport(
          await reconcileFor(useCases, caller, {
            periodDays: input.period_days,
            from: input.from,
            to: input.to,
            realmId: input.realm_id,
            ...(input.property_ids ? { propertyIds: input.property_ids } : {}),
          }),
        ),
      getReport: async (caller, id) => viewReport(await getReconciliationReport(useCases, caller, id)),
      resolve: async (caller, id, input) =>
        viewResolution(
          await resolveReconciliationFor(useCases, caller, id, { confirmVoidIds: input.confirm_void_ids }),
        ),
      dataQuality: async (caller, query) =>
        viewDataQuality(
          await dataQualityFor(useCases, caller, {
            undepositedDays: query.undeposited_days,
            periodDays: query.period_days,
            realmId: query.realm_id,
          }),
        ),
    }, now)];
  return { reconcile: reconcilerFor(useCases), routeModules };
}
