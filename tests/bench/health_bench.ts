/**
 * What computing integration health costs (issue 18: "state its latency with 100 connected
 * companies"). On a libSQL in-memory database: one organization with 100 connected companies, each
 * with a finished push (a few unsynced records in its history), changed records, a pull cursor, an
 * open review and webhook events; the health of the organization evaluated and recorded (facts read,
 * evaluated, state saved); the pure evaluation of those facts alone; and the worker's periodic
 * evaluation of 100 organizations with one company each.
 * Run: npx -y deno@2.9.6 bench -A tests/bench/health_bench.ts
 */
import { sha256Hasher } from "../../adapters/crypto/sha256_hasher.ts";
import { type Database, openDatabase } from "../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../adapters/persistence/migrator.ts";
import { SqlAuditLog } from "../../adapters/persistence/repositories/audit_log_repository.ts";
import { SqlAutomationRepository } from "../../adapters/persistence/repositories/automation_repository.ts";
import { SqlConnectionRepository } from "../../adapters/persistence/repositories/connection_repository.ts";
import { SqlHealthFactsReader } from "../../adapters/persistence/repositories/health_facts_repository.ts";
import { SqlIntegrationHealthStore } from "../../adapters/persistence/repositories/integration_health_repository.ts";
import { SqlJobQueue } from "../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlOrganizationRepository } from "../../adapters/persistence/repositories/organization_repository.ts";
import {
  SqlPullCursorStore,
  SqlReviewQueue,
} from "../../adapters/persistence/repositories/pull_state_repositories.ts";
import { SqlRecordMirror } from "../../adapters/persistence/repositories/record_mirror_repository.ts";
import { SqlSyncHistory } from "../../adapters/persistence/repositories/sync_history_repository.ts";
import { SqlWebhookInbox } from "../../adapters/persistence/repositories/webhook_inbox_repository.ts";
import { JsonLogger } from "../../adapters/logging/json_logger.ts";
import { InProcessCallStats } from "../../adapters/quickbooks/in_process_call_stats.ts";
import { SqlEventOutbox } from "../../adapters/persistence/repositories/event_outbox_repository.ts";
import { sqlUnitOfWork } from "../../adapters/persistence/unit_of_work.ts";
import { outboxEmitter } from "../../domain/events/emit_event.ts";
import { sealedAuditTrail } from "../../domain/audit/audit_trail.ts";
import { evaluateHealth } from "../../domain/health/evaluate_health.ts";
import { loadConfig } from "../../src/config.ts";
import { ipAddresses } from "../../adapters/http/ip_addresses.ts";
import {
  evaluateAllOrganizations,
  evaluateIntegrationHealth,
  gatherHealthFacts,
  type IntegrationHealthDependencies,
} from "../../src/health/integration_health.ts";
import { TEST_DEVELOPMENT_SECRETS } from "../support/service.ts";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const iso = (minutesBefore: number) => new Date(NOW.getTime() - minutesBefore * 60_000).toISOString();
let counter = 0;
const ids = { newId: () => `id-${++counter}` };
const thresholds = loadConfig({}, TEST_DEVELOPMENT_SECRETS, ipAddresses).health.thresholds;
const silent = new JsonLogger({ level: "error", sink: () => {}, now: () => NOW });

/** One connected company of `orgId` with a finished push, unsynced records, a cursor, a review and events. */
async function seedCompany(database: Database, orgId: string, realmId: string): Promise<void> {
  await new SqlConnectionRepository(database.db).save({
    id: `c-${orgId}-${realmId}`,
    orgId,
    realmId,
    companyName: `Company ${realmId}`,
    status: "connected",
    encryptedTokens: "sealed",
    accessTokenExpiresAt: iso(-30),
    refreshTokenExpiresAt: "2026-09-09T12:00:00.000Z",
    refreshTokenHardExpiresAt: "2031-06-01T12:00:00.000Z",
    classTrackingEnabled: false,
    locationTrackingEnabled: false,
    isDefault: false,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: iso(10_000),
  }, iso(10_000));
  const jobs = new SqlJobQueue(database, ids);
  await jobs.enqueue({ jobType: "sync.run", orgId, realmId, payload: { direction: "both" } }, iso(61));
  const job = (await jobs.claim(`w-${realmId}`, 60_000, iso(60)))!;
  await jobs.complete(job.id, `w-${realmId}`, {}, iso(55), "succeeded_with_errors");
  const entry = (i: number) => ({
    outcome: i % 2 === 0 ? "invalid" as const : "created" as const,
    recordType: "charge",
    recordId: `${realmId}-chg-${i}`,
    propertyId: `p${i % 3}`,
    entityType: "Invoice",
    syncRecordId: `inv:${realmId}-${i}`,
    qboId: null,
    errorCode: i % 2 === 0 ? "QB006" : null,
    qboCode: null,
    message: i % 2 === 0 ? `No QuickBooks account mapped for rental_income at property p${i % 3}` : null,
  });
  await new SqlSyncHistory(database, ids).record(
    { orgId, realmId, jobId: job.id },
    Array.from({ length: 20 }, (_, i) => entry(i)),
    iso(56),
  );
  await new SqlPullCursorStore(database).set(orgId, realmId, iso(58), iso(57));
  await new SqlReviewQueue(database, ids).open({
    id: `r-${realmId}`,
    orgId,
    realmId,
    entityType: "Customer",
    recordId: `t-${realmId}`,
    qboId: "58",
    conflicts: [],
    quickbooksSnapshot: {},
    createdAt: iso(30),
  });
  const event = (i: number) => ({
    dedupKey: `${realmId}-${i}`,
    realmId,
    entityName: "Customer",
    entityId: String(i),
    operation: "Update" as const,
    occurredAt: new Date(NOW.getTime() - (20 - i) * 60_000),
    deletedId: null,
    format: "cloudevents" as const,
  });
  await new SqlWebhookInbox(database, () => ids.newId()).storeAll(
    Array.from({ length: 5 }, (_, i) => event(i)),
    new Date(NOW.getTime() - 60_000),
  );
}

async function setUp(organizations: number, companiesEach: number) {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  const orgs = new SqlOrganizationRepository(database.db);
  const mirror = new SqlRecordMirror(database);
  for (let o = 0; o < organizations; o++) {
    const orgId = `org-${o}`;
    await orgs.create({ id: orgId, name: orgId, createdAt: iso(20_000) });
    await mirror.upsertMany(
      orgId,
      Array.from({ length: 200 }, (_, i) => ({
        recordType: "tenant" as const,
        recordId: `t${i}`,
        propertyId: `p${i % 3}`,
        data: { id: `t${i}` },
      })),
      iso(i(o)),
    );
    for (let c = 0; c < companiesEach; c++) {
      await seedCompany(database, orgId, String(9_130_000 + o * 1000 + c));
    }
  }
  const calls = new InProcessCallStats();
  for (let o = 0; o < organizations; o++) {
    for (let c = 0; c < companiesEach; c++) {
      const realmId = String(9_130_000 + o * 1000 + c);
      for (let k = 0; k < 200; k++) {
        calls.record({
          realmId,
          at: new Date(NOW.getTime() - k * 10_000),
          durationMs: 50 + (k % 40) * 10,
          outcome: k % 50 === 0 ? "error" : "ok",
        });
      }
    }
  }
  const deps: IntegrationHealthDependencies = {
    facts: new SqlHealthFactsReader(database),
    store: new SqlIntegrationHealthStore(database),
    automation: new SqlAutomationRepository(database),
    gateway: { circuitReport: () => ({ state: "closed", openedAt: null, retryAt: null, error: null }) },
    calls,
    thresholds,
    clock: { now: () => NOW },
    audit: sealedAuditTrail(new SqlAuditLog(database), sha256Hasher),
    emit: outboxEmitter(new SqlEventOutbox(database, ids)),
    atomically: sqlUnitOfWork(database),
    logger: silent,
  };
  return { database, deps, connections: new SqlConnectionRepository(database.db) };
}

/** Half the records changed 30 minutes ago (after the push), half before it. */
function i(o: number): number {
  return o % 2 === 0 ? 30 : 90;
}

const one = await setUp(1, 100);
const facts = await gatherHealthFacts(one.deps, "org-0", NOW);
const first = await evaluateIntegrationHealth(one.deps, "org-0");
console.log(
  `100 companies: status ${first.evaluation.status}, ${first.evaluation.issues.length} issues, ` +
    `${
      facts.companies.reduce((n, c) => n + c.sync.failing.reduce((m, g) => m + g.count, 0), 0)
    } failing records`,
);

Deno.bench("GET /health/integration work: 1 organization, 100 companies (read facts, evaluate, save)", {
  group: "100 companies",
  baseline: true,
  n: 30,
  warmup: 3,
}, async () => {
  await evaluateIntegrationHealth(one.deps, "org-0");
});

Deno.bench(
  "read the facts only: 1 organization, 100 companies",
  { group: "100 companies", n: 30, warmup: 3 },
  async () => {
    await gatherHealthFacts(one.deps, "org-0", NOW);
  },
);

Deno.bench(
  "evaluateHealth only (pure): 100 companies",
  { group: "100 companies", n: 200, warmup: 10 },
  () => {
    evaluateHealth(facts, thresholds, first.evaluation.state, NOW);
  },
);

const many = await setUp(100, 1);
Deno.bench("worker periodic task: 100 organizations of 1 company", { n: 10, warmup: 2 }, async () => {
  await evaluateAllOrganizations({ ...many.deps, connections: many.connections });
});
