/**
 * An emulated QuickBooks company served on loopback plus the real QBO adapter pointed at it, and a
 * migrated in-memory database with the sync repositories: what the sync engine tests drive.
 */
import { InProcessRateBudget } from "../../adapters/quickbooks/in_process_rate_budget.ts";
import { QboHttpClient } from "../../adapters/quickbooks/qbo_http_client.ts";
import { QuickBooksApiGateway } from "../../adapters/quickbooks/quickbooks_api_gateway.ts";
import { DEFAULT_RESILIENCE } from "../../adapters/quickbooks/realm_resilience.ts";
import { createEmulator, type Emulator } from "../../adapters/quickbooks-emulator/emulator.ts";
import type { EmulatorConfigInput } from "../../adapters/quickbooks-emulator/config.ts";
import { type Database, openDatabase } from "../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../adapters/persistence/migrator.ts";
import { SqlAccountMappingRepository } from "../../adapters/persistence/repositories/account_mapping_repository.ts";
import { SqlJobQueue } from "../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlRecordMirror } from "../../adapters/persistence/repositories/record_mirror_repository.ts";
import { SqlSyncLinkRepository } from "../../adapters/persistence/repositories/sync_link_repository.ts";
import { SqlConnectionRepository } from "../../adapters/persistence/repositories/connection_repository.ts";
import { SqlMappingRulesRepository } from "../../adapters/persistence/repositories/mapping_rules_repository.ts";
import { SqlSyncSettingsRepository } from "../../adapters/persistence/repositories/sync_settings_repository.ts";
import { JsonLogger } from "../../adapters/logging/json_logger.ts";
import type { QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import { QUICKBOOKS_RATE_LIMITS } from "../../domain/ports/rate_budget.ts";
import { sqlUnitOfWork } from "../../adapters/persistence/unit_of_work.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import { SqlEventOutbox } from "../../adapters/persistence/repositories/event_outbox_repository.ts";
import { type EmitEvent, outboxEmitter } from "../../domain/events/emit_event.ts";
import { SqlAuditLog } from "../../adapters/persistence/repositories/audit_log_repository.ts";
import { sha256Hasher } from "../../adapters/crypto/sha256_hasher.ts";
import { type AuditTrail, sealedAuditTrail } from "../../domain/audit/audit_trail.ts";

export interface QboHarness {
  readonly emulator: Emulator;
  readonly realmId: string;
  readonly target: QuickBooksTarget;
  readonly gateway: QuickBooksApiGateway;
  readonly database: Database;
  readonly mirror: SqlRecordMirror;
  readonly links: SqlSyncLinkRepository;
  readonly settings: SqlSyncSettingsRepository;
  readonly mappings: SqlAccountMappingRepository;
  readonly mappingRules: SqlMappingRulesRepository;
  /** Empty unless a test stores one: without a connection the push knows nothing of the company's tracking. */
  readonly connections: SqlConnectionRepository;
  readonly jobs: SqlJobQueue;
  /** The audit trail the push records its QuickBooks writes in (`auditLog` reads it back). */
  readonly audit: AuditTrail;
  readonly auditLog: SqlAuditLog;
  /** Units of work on the harness's database (a change and its audit entry commit together). */
  readonly atomically: Atomically;
  /** The outbound events the use cases emit (`emit`), read back through `outbox`. */
  readonly outbox: SqlEventOutbox;
  readonly emit: EmitEvent;
  readonly logger: JsonLogger;
  /** Counts of HTTP calls the adapter made, by method and path kind; the `requestid` of each batch call. */
  readonly calls: { total: number; writes: number; batches: number; batchRequestIds: (string | null)[] };
  /** QBO account id by account name in the emulated company. */
  accountId(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startQboHarness(
  options: {
    orgId?: string;
    emulator?: EmulatorConfigInput;
    databaseUrl?: string;
    /** Inject a deterministic storm of 503s, 429s and dropped connections into the QBO API. */
    faultStorm?: boolean;
  } = {},
): Promise<QboHarness> {
  const emulator = await createEmulator({ throttle: { enabled: false }, ...options.emulator });
  const realmId = emulator.companies.listCompanies()[0].realmId;
  const calls = { total: 0, writes: 0, batches: 0, batchRequestIds: [] as (string | null)[] };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    calls.total++;
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname.startsWith("/v3/")) {
      calls.writes++;
      if (url.pathname.endsWith("/batch")) {
        calls.batches++;
        calls.batchRequestIds.push(url.searchParams.get("requestid"));
      }
    }
    if (options.faultStorm && url.pathname.startsWith("/v3/")) {
      if (calls.total % 7 === 0) emulator.faults.arm({ kind: "status", status: 503 }, 1);
      else if (calls.total % 11 === 0) emulator.faults.arm({ kind: "throttle" }, 1);
      else if (calls.total % 13 === 0) emulator.faults.arm({ kind: "drop" }, 1);
    }
    return emulator.app.fetch(request);
  });
  const baseUrl = `http://127.0.0.1:${server.addr.port}`;
  const grant = emulator.tokens.createGrant({
    clientId: emulator.config.clients[0].clientId,
    realmId,
    scopes: ["com.intuit.quickbooks.accounting"],
    subject: "harness",
  });
  const logger = new JsonLogger({ level: "error", sink: () => {} });
  const client = new QboHttpClient({
    apiBaseUrl: baseUrl,
    minorVersion: 75,
    tokens: { accessToken: () => Promise.resolve(grant.accessToken) },
    // QBO's real limits (500/min, 40 batches/min) would make every test take minutes; the
    // throttling behaviour itself is tested against the emulator's configurable limits.
    budget: new InProcessRateBudget({
      ...QUICKBOOKS_RATE_LIMITS,
      perMinute: 1e9,
      perSecond: 1e9,
      batchPerMinute: 1e9,
    }),
    clock: { now: () => new Date() },
    resilience: { ...DEFAULT_RESILIENCE, waitScale: 0.001, random: () => 0.5 },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    budgetMaxWaitMs: 10_000,
    requestTimeoutMs: 10_000,
  });
  const gateway = new QuickBooksApiGateway(client, { now: () => new Date() });
  const database = await openDatabase(options.databaseUrl ?? ":memory:");
  await migrateToLatest(database);
  let ids = 0;
  const target = { orgId: options.orgId ?? "org-1", realmId };
  const auditLog = new SqlAuditLog(database);
  let eventIds = 0;
  const outbox = new SqlEventOutbox(database, { newId: () => `e${++eventIds}` });
  return {
    emulator,
    realmId,
    target,
    gateway,
    database,
    mirror: new SqlRecordMirror(database),
    links: new SqlSyncLinkRepository(database),
    settings: new SqlSyncSettingsRepository(database),
    mappings: new SqlAccountMappingRepository(database),
    mappingRules: new SqlMappingRulesRepository(database),
    connections: new SqlConnectionRepository(database.db),
    jobs: new SqlJobQueue(database, { newId: () => `job-${++ids}` }),
    audit: sealedAuditTrail(auditLog, sha256Hasher),
    auditLog,
    atomically: sqlUnitOfWork(database),
    outbox,
    emit: outboxEmitter(outbox),
    logger,
    calls,
    async accountId(name: string) {
      const rows = await gateway.query(target, {
        entityName: "Account",
        where: [{ field: "Name", operator: "=", value: name }],
      });
      if (!rows[0]) throw new Error(`no account named ${name}`);
      return String(rows[0].Id);
    },
    async close() {
      await server.shutdown();
      await emulator.close();
      await database.close();
    },
  };
}
