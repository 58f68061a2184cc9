/**
 * Composition of integration health: the facts reader and the health store over the database, this
 * process's QuickBooks call figures and breakers, the outbound events, the routes (GET /health/integration, its history,
 * GET /summary) and the worker's periodic evaluation.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerIntegrationHealthRoutes } from "../../adapters/http/routes/integration_health.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlAutomationRepository } from "../../adapters/persistence/repositories/automation_repository.ts";
import { SqlHealthFactsReader } from "../../adapters/persistence/repositories/health_facts_repository.ts";
import { SqlIntegrationHealthStore } from "../../adapters/persistence/repositories/integration_health_repository.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksCallStats } from "../../domain/ports/quickbooks_call_stats.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import type { Config } from "../config.ts";
import {
  healthHistoryQuery,
  viewHealthHistory,
  viewIntegrationHealth,
  viewSummary,
} from "../health/health_view.ts";
import {
  evaluateAllOrganizations,
  type IntegrationHealthDependencies,
  integrationHealthFor,
  integrationHealthHistory,
} from "../health/integration_health.ts";

export interface HealthWiring {
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
  /** The worker's periodic task: evaluate every organization with a live connection. */
  evaluateAll(): Promise<{ readonly evaluated: number; readonly failed: number; readonly changes: number }>;
  readonly dependencies: IntegrationHealthDependencies;
}

export function wireIntegrationHealth(deps: {
  readonly config: Config;
  readonly database: Database;
  readonly connections: ConnectionRepository;
  readonly gateway: Pick<QuickBooksGateway, "circuitReport">;
  readonly callStats: QuickBooksCallStats;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  readonly emit: EmitEvent;
  readonly atomically: Atomically;
  readonly logger: Logger;
}): HealthWiring {
  const health: IntegrationHealthDependencies = {
    facts: new SqlHealthFactsReader(deps.database),
    store: new SqlIntegrationHealthStore(deps.database),
    automation: new SqlAutomationRepository(deps.database),
    gateway: deps.gateway,
    calls: deps.callStats,
    thresholds: deps.config.health.thresholds,
    clock: deps.clock,
    audit: deps.audit,
    emit: deps.emit,
    atomically: deps.atomically,
    logger: deps.logger,
  };
  return {
    dependencies: health,
    routeModules: [(api: ApiApp) =>
      registerIntegrationHealthRoutes(api, {
        integrationHealth: async (caller, requestId) =>
          viewIntegrationHealth(await integrationHealthFor(health, caller, requestId)),
        summary: async (caller, requestId) =>
          viewSummary(await integrationHealthFor(health, caller, requestId)),
        history: async (caller, query) =>
          viewHealthHistory(await integrationHealthHistory(health, caller, healthHistoryQuery(query))),
      }, () => deps.clock.now())],
    evaluateAll: () => evaluateAllOrganizations({ ...health, connections: deps.connections }),
  };
}
