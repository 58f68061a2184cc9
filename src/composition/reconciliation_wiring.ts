/**
 * Composition of reconciliation and data quality: the report store, the use cases and their routes
 * (POST /reconcile, GET /reconcile/{id}, POST /reconcile/{id}/resolve, GET /data-quality), and the
 * `reconcile(orgId, { periodDays })` entry point the automation's scheduled runs call.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerReconciliationRoutes } from "../../adapters/http/routes/reconciliation.ts";
import {
  dataQualityQuery,
  reconcileInput,
  resolveInput,
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
import type { ResolveDependencies } from "../reconciliation/resolve_reconciliation.ts";
import type { SyncDataWiring } from "./sync_data_wiring.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";

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
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
  readonly emit: EmitEvent;
}): ReconciliationWiring {
  const { mirror, links, settings, mappings, mappingRules, reviews } = deps.data;
  const reconciliation: ReconciliationDependencies = {
    mirror,
    links,
    gateway: deps.gateway,
    settings,
    mappings,
    mappingRules,
    reports: new SqlReconciliationReportRepository(deps.database),
    connections: deps.connections,
    clock: deps.clock,
    ids: deps.ids,
    logger: deps.logger,
    atomically: deps.atomically,
    emit: deps.emit,
  };
  /** The resolution's push leaves records under review alone, like every push. */
  const resolution: ResolveDependencies = { ...reconciliation, reviews, audit: deps.audit };
  const now = () => deps.clock.now();
  const routeModules = [(api: ApiApp) =>
    registerReconciliationRoutes(api, {
      reconcile: async (caller, input, requestId) =>
        viewReport(
          await reconcileFor(
            { ...reconciliation, audit: deps.audit },
            caller,
            reconcileInput(input),
            requestId,
          ),
        ),
      getReport: async (caller, id) => viewReport(await getReconciliationReport(reconciliation, caller, id)),
      resolve: async (caller, id, input, requestId) =>
        viewResolution(
          await resolveReconciliationFor(resolution, caller, id, resolveInput(input), requestId),
        ),
      dataQuality: async (caller, query) =>
        viewDataQuality(await dataQualityFor(reconciliation, caller, dataQualityQuery(query))),
    }, now)];
  return { reconcile: reconcilerFor(reconciliation), routeModules };
}
