/**
 * Composition root: the only place where adapters meet. Builds the whole service from a Config:
 * database (migrated), repositories, use cases, the HTTP app and, in emulator mode, the built-in
 * QuickBooks Online emulator. Entry points (src/main.ts, src/edge.ts, tests) call `buildService`.
 */
import type { Hono } from "hono";
import { getConnInfo } from "hono/deno";
import { createHttpApp } from "../../adapters/http/app.ts";
import { createTokenVerifier } from "../../adapters/http/auth.ts";
import { viewReadiness } from "../../adapters/http/routes/health_view.ts";
import { viewAuditRecord } from "../../adapters/http/routes/organizations_view.ts";
import { sha256Hasher } from "../../adapters/crypto/sha256_hasher.ts";
import { JsonLogger, type LineSink } from "../../adapters/logging/json_logger.ts";
import { type Database, openDatabase } from "../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../adapters/persistence/migrator.ts";
import { PromMetrics } from "../../adapters/metrics/prom_metrics.ts";
import { OtelTracer } from "../../adapters/telemetry/otel_tracer.ts";
import { createEmulator, type Emulator } from "../../adapters/quickbooks-emulator/emulator.ts";
import { SqlAccountMappingRepository } from "../../adapters/persistence/repositories/account_mapping_repository.ts";
import { SqlSyncSettingsRepository } from "../../adapters/persistence/repositories/sync_settings_repository.ts";
import { SqlAuditLog } from "../../adapters/persistence/repositories/audit_log_repository.ts";
import { sqlUnitOfWork } from "../../adapters/persistence/unit_of_work.ts";
import { wireEvents } from "./events_wiring.ts";
import { SqlEventOutbox } from "../../adapters/persistence/repositories/event_outbox_repository.ts";
import { outboxEmitter } from "../../domain/events/emit_event.ts";
import { SqlConnectionRepository } from "../../adapters/persistence/repositories/connection_repository.ts";
import { SqlOrganizationRepository } from "../../adapters/persistence/repositories/organization_repository.ts";
import { randomIds } from "../../adapters/system/random_ids.ts";
import { systemClock } from "../../adapters/system/system_clock.ts";
import { claimWorkerIdentity } from "../../adapters/system/worker_identity.ts";
import { sealedAuditTrail } from "../../domain/audit/audit_trail.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { Config } from "../config.ts";
import { listAuditTrail } from "../audit/audit_trail_use_cases.ts";
import { wireAudit } from "./audit_wiring.ts";
import { checkReadiness } from "../health/readiness.ts";
import { getOrganization, registerOrganization } from "../organizations/organization_use_cases.ts";
import { organizationGate } from "../organizations/organization_gate.ts";
import { type QuickBooksEndpoints, type QuickBooksWiring, wireQuickBooks } from "./quickbooks_wiring.ts";
import { type SyncDataWiring, wireSyncData } from "./sync_data_wiring.ts";
import { wireSyncEngine } from "./sync_engine_wiring.ts";
import { wireAutomation } from "./automation_wiring.ts";
import { wireReconciliation } from "./reconciliation_wiring.ts";
import { wireQuickBooksPassThrough } from "./quickbooks_passthrough_wiring.ts";
import { wireSyncHistory } from "./sync_history_wiring.ts";
import { wireAccess } from "./access_wiring.ts";
import { webhookSender, type WebhooksOutWiring, wireWebhooksOut } from "./webhooks_out_wiring.ts";
import type { WebhookSender } from "../../domain/ports/webhook_sender.ts";
import { wireIntegrationHealth } from "./health_wiring.ts";
import { type JobStreamTiming, wireSyncReview } from "./sync_review_wiring.ts";
import type { JobWorker } from "../worker/job_worker.ts";
import type { PeriodicTask } from "../worker/worker_runner.ts";
import { enqueueScheduledSyncs } from "../sync/scheduled_sync.ts";
import { triggerPullsFromWebhooks } from "../sync/webhook_trigger.ts";
import type { ResilienceOptions } from "../../adapters/quickbooks/realm_resilience.ts";

export const SERVICE_VERSION = "0.1.0";

export type { PeriodicTask };

export interface ServiceOverrides {
  readonly clock?: Clock;
  readonly ids?: Ids;
  readonly logSink?: LineSink;
  /** An already-open database (tests); otherwise config.databaseUrl is opened. */
  readonly database?: Database;
  /** Keep the emulator's companies in memory instead of EMULATOR_STATE_FILE (tests). */
  readonly emulatorInMemory?: boolean;
  /** Where QuickBooks lives, instead of the configured mode's hosts (tests). */
  readonly quickbooksEndpoints?: QuickBooksEndpoints;
  /** Retry/breaker tunables of the QuickBooks client (tests scale waits down). */
  readonly quickbooksResilience?: Partial<ResilienceOptions>;
  /** Pacing of the job progress stream (tests use short intervals). */
  readonly jobStreamTiming?: Partial<JobStreamTiming>;
  /** How webhooks are sent (tests); otherwise fetch. */
  readonly webhookSender?: WebhookSender;
}

export interface Service {
  readonly app: Hono;
  readonly database: Database;
  readonly logger: Logger;
  readonly config: Config;
  /** The built-in QuickBooks Online emulator (emulator mode only). */
  readonly emulator: Emulator | null;
  /** QuickBooks gateway, access tokens and webhook inbox, for the worker and sync engine. */
  readonly quickbooks: QuickBooksWiring;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  /** Record mirror, account mappings, sync settings, job queue and sync links. */
  readonly syncData: SyncDataWiring;
  /** Registers an organization unless it exists (the development organization at start-up). */
  readonly ensureOrganization: (actor: { orgId: string; userId: string }, name: string) => Promise<unknown>;
  /** The job worker (started by the entry points, not by buildService). */
  readonly worker: JobWorker;
  /** Work the worker does between jobs, each at most once per `everyMs` of the service clock. */
  readonly periodicTasks: readonly PeriodicTask[];
  /** Webhooks out: the delivery round and what it runs on. */
  readonly webhooksOut: WebhooksOutWiring;
  close(): Promise<void>;
}

/**
 * The built-in QuickBooks emulator, mounted inside the service at `config.quickbooks.emulatorPath`
 * in emulator mode only: its admin API (faults, clock) must never sit next to real Intuit, and
 * answers only with the configured admin token (never in production). It
 * registers the service's own client id, secret and redirect URIs, and sends its webhooks to the
 * service's webhook endpoint.
 */
async function startEmulator(config: Config, overrides: ServiceOverrides): Promise<Emulator | null> {
  if (config.quickbooks.mode !== "emulator") return null;
  const qb = config.quickbooks;
  const inMemory = overrides.emulatorInMemory ?? config.env === "test";
  const base = `${config.publicBaseUrl}${qb.emulatorPath}`;
  const callbackV1 = qb.redirectUri.replace("/api/quickbooks/", "/api/v1/quickbooks/");
  return await createEmulator({
    baseUrl: base,
    mountPath: qb.emulatorPath,
    clients: [{
      clientId: qb.clientId,
      clientSecret: qb.clientSecret,
      redirectUris: [...new Set([qb.redirectUri, callbackV1])],
      appName: "EstateCore",
    }],
    companies: [{ companyName: "EstateCore Demo Properties LLC" }],
    dataFile: inMemory ? undefined : qb.emulatorStateFile,
    adminEnabled: qb.emulatorAdminToken !== null,
    adminToken: qb.emulatorAdminToken ?? undefined,
    webhooks: {
      verifierToken: qb.webhookVerifierToken,
      endpoints: inMemory
        ? []
        : [{ url: `${config.publicBaseUrl}/api/quickbooks/webhooks`, format: "cloudevents" }],
    },
  });
}

export async function buildService(config: Config, overrides: ServiceOverrides = {}): Promise<Service> {
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? randomIds;
  const logger = new JsonLogger({ level: config.logLevel, sink: overrides.logSink, now: () => clock.now() });
  const database = overrides.database ??
    await openDatabase(config.databaseUrl, { authToken: config.databaseAuthToken });
  const migration = await migrateToLatest(database);
  logger.info("migrations", { ...migration });

  // Adapters more than one feature uses, built once.
  const organizations = new SqlOrganizationRepository(database.db);
  const auditLog = new SqlAuditLog(database);
  const audit = sealedAuditTrail(auditLog, sha256Hasher);
  /** A change and its audit entry commit together (unit_of_work.ts). */
  const atomically = sqlUnitOfWork(database);
  /** Outbound events, appended in the unit of work of the change that caused them. */
  const outbox = new SqlEventOutbox(database, ids);
  const emit = outboxEmitter(outbox);
  const connections = new SqlConnectionRepository(database.db);
  const mappings = new SqlAccountMappingRepository(database);
  const settings = new SqlSyncSettingsRepository(database);

  // Per service, never the process-wide default registry: services in one process keep their own series.
  const metrics = new PromMetrics({ maxLabelledRealms: config.metrics.maxLabelledRealms });
  const tracer = new OtelTracer();

  const emulator = await startEmulator(config, overrides);
  const access = await wireAccess({ config, database, clock, ids, audit, atomically });
  const quickbooks = wireQuickBooks({
    config,
    database,
    connections,
    mappings,
    settings,
    audit,
    atomically,
    emit,
    clock,
    ids,
    logger,
    meterBudget: access.meterBudget,
    metrics,
    tracer,
    overrides: { endpoints: overrides.quickbooksEndpoints, resilience: overrides.quickbooksResilience },
  });
  const syncData = wireSyncData({
    database,
    clock,
    ids,
    connections,
    mappings,
    settings,
    audit,
    atomically,
    mappingValidation: quickbooks.referenceData.mappingValidation,
  });
  /** What every sync-side wiring shares. */
  const syncDeps = {
    data: syncData,
    gateway: quickbooks.gateway,
    connections,
    clock,
    ids,
    logger,
    audit,
    atomically,
    emit,
  };
  const workerIdentity = claimWorkerIdentity(config.workerIdentity, ids);
  const syncEngine = wireSyncEngine({ ...syncDeps, workerId: workerIdentity.id, metrics, tracer });
  metrics.collectJobQueueDepth(() => syncData.jobs.depth());
  const syncReview = wireSyncReview({ ...syncDeps, streamTiming: overrides.jobStreamTiming });
  const reconciliation = wireReconciliation({ ...syncDeps, database });
  const automation = wireAutomation({ ...syncDeps, database, audit, reconcile: reconciliation.reconcile });
  const auditTrail = wireAudit({
    config,
    database,
    auditLog,
    audit,
    atomically,
    organizations,
    clock,
    logger,
  });
  const webhooksOut = wireWebhooksOut({
    config,
    database,
    clock,
    ids,
    logger,
    audit,
    atomically,
    outbox,
    emit,
    sender: overrides.webhookSender ?? webhookSender(),
    metrics,
  });
  const health = wireIntegrationHealth({
    config,
    database,
    connections,
    gateway: quickbooks.gateway,
    callStats: quickbooks.callStats,
    clock,
    audit,
    emit,
    atomically,
    logger,
  });
  const readiness = {
    probeDatabase: () => organizations.list({ limit: 1 }),
    connections,
    gateway: quickbooks.gateway,
    logger,
  };
  const now = () => clock.now();
  const app = createHttpApp({
    logger,
    now,
    newId: () => ids.newId(),
    verifyToken: createTokenVerifier(config.auth, now),
    credentials: access.credentials,
    rateLimiting: access.rateLimiting,
    attribution: access.attribution,
    connectionInfo: getConnInfo,
    trustedProxies: config.trustedProxies,
    maxBodyBytes: config.maxBodyBytes,
    metrics,
    metricsEndpoint: { token: config.metrics.token, render: () => metrics.render() },
    requireOrganization: organizationGate(organizations),
    services: {
      version: SERVICE_VERSION,
      readiness: async () => viewReadiness(await checkReadiness(readiness)),
      getOrganization: (caller, orgId) => getOrganization(organizations, caller, orgId),
      registerOrganization: (actor, input, requestId) =>
        registerOrganization({ organizations, clock, audit, atomically }, actor, input, requestId),
      listAudit: async (caller, options) =>
        (await listAuditTrail(auditLog, caller, options)).map(viewAuditRecord),
    },
    mounts: emulator ? [{ path: config.quickbooks.emulatorPath, app: emulator.app }] : [],
    routeModules: [
      ...quickbooks.routeModules,
      ...syncData.routeModules,
      ...syncEngine.routeModules,
      ...wireSyncHistory(syncDeps).routeModules,
      ...syncReview.routeModules,
      ...reconciliation.routeModules,
      ...automation.routeModules,
      ...auditTrail.routeModules,
      ...health.routeModules,
      ...wireEvents({ outbox, clock }).routeModules,
      ...access.routeModules,
      ...webhooksOut.routeModules,
      ...wireQuickBooksPassThrough({ gateway: quickbooks.gateway, connections, clock, audit }).routeModules,
    ],
  });

  return {
    app: app as unknown as Hono,
    database,
    logger,
    config,
    emulator,
    quickbooks,
    syncData,
    connections,
    clock,
    worker: syncEngine.worker,
    webhooksOut,
    ensureOrganization: (actor, name) =>
      registerOrganization({ organizations, clock, audit, atomically }, actor, { name }, null),
    periodicTasks: [
      {
        name: "webhook_pulls",
        everyMs: 0,
        run: () =>
          triggerPullsFromWebhooks({
            inbox: quickbooks.inbox,
            connections,
            jobs: syncData.jobs,
            clock,
            logger,
            workerId: syncEngine.worker.id,
          }),
      },
      {
        name: "scheduled_syncs",
        everyMs: 60_000,
        run: () =>
          enqueueScheduledSyncs({
            connections,
            settings: syncData.settings,
            jobs: syncData.jobs,
            cursors: syncData.cursors,
            clock,
            logger,
          }),
      },
      { name: "token_renewal", everyMs: 10 * 60_000, run: () => quickbooks.renewExpiringTokens() },
      { name: "rate_counter_purge", everyMs: 10 * 60_000, run: () => access.purgeRateCounters() },
      {
        name: "automation_workflows",
        everyMs: 60_000,
        run: () => automation.runDueAutomations(syncEngine.worker.id),
      },
      {
        name: "audit_checkpoints",
        everyMs: 60 * 60_000,
        run: async () => ({ checkpoints: await auditTrail.checkpointMovedTrails() }),
      },
      { name: "integration_health", everyMs: config.health.evaluateEveryMs, run: () => health.evaluateAll() },
      {
        name: "audit_retention",
        everyMs: 24 * 60 * 60_000,
        run: async () => ({ pruned: await auditTrail.pruneOldRecords() }),
      },
      {
        name: "webhook_deliveries",
        everyMs: 0,
        run: () => webhooksOut.deliver(syncEngine.worker.id),
      },
    ],
    close: async () => {
      syncEngine.worker.stop();
      await emulator?.close();
      await database.close();
      workerIdentity.release();
    },
  };
}
