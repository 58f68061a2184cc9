import assert from "node:assert/strict";
import { sha256Hasher } from "../../../adapters/crypto/sha256_hasher.ts";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { type Database, openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlAuditLog } from "../../../adapters/persistence/repositories/audit_log_repository.ts";
import { SqlAutomationRepository } from "../../../adapters/persistence/repositories/automation_repository.ts";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlHealthFactsReader } from "../../../adapters/persistence/repositories/health_facts_repository.ts";
import { SqlIntegrationHealthStore } from "../../../adapters/persistence/repositories/integration_health_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { InProcessCallStats } from "../../../adapters/quickbooks/in_process_call_stats.ts";
import { SqlEventOutbox } from "../../../adapters/persistence/repositories/event_outbox_repository.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import { outboxEmitter } from "../../../domain/events/emit_event.ts";
import { sealedAuditTrail } from "../../../domain/audit/audit_trail.ts";
import { isDomainError } from "../../../domain/errors.ts";
import {
  evaluateAllOrganizations,
  evaluateIntegrationHealth,
  type IntegrationHealthDependencies,
  integrationHealthFor,
} from "../../../src/health/integration_health.ts";
import { THRESHOLDS } from "../../domain/health/health_fixtures.ts";
import { startTestService } from "../../support/service.ts";

let counter = 0;
const ids = { newId: () => `id-${++counter}` };

class Clock {
  constructor(public at: Date) {}
  now() {
    return this.at;
  }
  advanceMinutes(minutes: number) {
    this.at = new Date(this.at.getTime() + minutes * 60_000);
  }
}

async function setUp(orgs: readonly string[]) {
  const database: Database = await openDatabase(":memory:");
  await migrateToLatest(database);
  const clock = new Clock(new Date("2026-06-01T12:00:00.000Z"));
  const connections = new SqlConnectionRepository(database.db);
  for (const [i, orgId] of orgs.entries()) {
    await new SqlOrganizationRepository(database.db).create({
      id: orgId,
      name: orgId,
      createdAt: "2026-05-01T00:00:00.000Z",
    });
    await connections.save({
      id: `c-${orgId}`,
      orgId,
      realmId: String(9_130_000 + i),
      companyName: orgId,
      status: "connected",
      encryptedTokens: "sealed",
      accessTokenExpiresAt: "2026-06-01T12:30:00.000Z",
      refreshTokenExpiresAt: "2026-09-09T12:00:00.000Z",
      refreshTokenHardExpiresAt: null,
      classTrackingEnabled: false,
      locationTrackingEnabled: false,
      isDefault: true,
      lastErrorCode: null,
      lastErrorMessage: null,
      lastErrorAt: null,
      connectedAt: "2026-06-01T00:00:00.000Z",
    }, "2026-06-01T00:00:00.000Z");
  }
  const auditLog = new SqlAuditLog(database);
  const logs: string[] = [];
  const deps: IntegrationHealthDependencies = {
    facts: new SqlHealthFactsReader(database),
    store: new SqlIntegrationHealthStore(database),
    automation: new SqlAutomationRepository(database),
    gateway: { circuitReport: () => ({ state: "closed", openedAt: null, retryAt: null, error: null }) },
    calls: new InProcessCallStats(),
    thresholds: THRESHOLDS,
    clock,
    audit: sealedAuditTrail(auditLog, sha256Hasher),
    emit: outboxEmitter(new SqlEventOutbox(database, ids)),
    atomically: sqlUnitOfWork(database),
    logger: new JsonLogger({ level: "debug", sink: (line) => logs.push(line), now: () => clock.now() }),
  };
  return { database, deps, clock, connections, auditLog, logs };
}

Deno.test("evaluateIntegrationHealth: a failed run and a missed slot degrade the organization after the hold, not its company", async () => {
  const { database, deps, clock } = await setUp(["org-a"]);
  try {
    const automation = new SqlAutomationRepository(database);
    await automation.saveConfig({
      orgId: "org-a",
      workflow: "late_fee_processing",
      enabled: true,
      schedule: { kind: "daily", at: "06:00" },
      missedSlots: "skip",
      options: {},
      scheduleFrom: "2026-05-01T00:00:00.000Z",
      updatedAt: "2026-05-01T00:00:00.000Z",
      updatedBy: "user:u1",
    });
    const claimed = (await automation.claimSlot({
      id: "run-1",
      orgId: "org-a",
      workflow: "late_fee_processing",
      slot: "2026-05-31T06:00:00.000Z",
      trigger: "schedule",
      asOf: "2026-05-31",
      owner: "w1",
      leaseMs: 60_000,
      now: "2026-05-31T20:00:00.000Z",
    }))!;
    await automation.finishRun(claimed.id, "w1", {
      status: "failed",
      result: null,
      errorCode: "QB008",
      errorMessage: "no late fee policy",
    }, "2026-05-31T20:00:01.000Z");

    const first = await evaluateIntegrationHealth(deps, "org-a");
    assert.equal(first.evaluation.status, "healthy");
    assert.deepEqual(first.facts.automation.missedSlots, [{
      workflow: "late_fee_processing",
      slot: "2026-06-01T06:00:00.000Z",
    }]);
    clock.advanceMinutes(6);
    const held = await evaluateIntegrationHealth(deps, "org-a");
    assert.equal(held.evaluation.status, "degraded");
    assert.deepEqual(held.evaluation.companies.map((c) => c.status), ["healthy"]);
    assert.deepEqual(held.evaluation.issues.map((i) => i.code).sort(), [
      "AUTOMATION_RUN_FAILED",
      "AUTOMATION_SLOT_MISSED",
    ]);
    const failed = held.evaluation.issues.find((i) => i.code === "AUTOMATION_RUN_FAILED")!;
    assert.equal(failed.details.last_run_id, "run-1");
    assert.match(failed.message, /\(last: QB008\)$/);
    const events = await new SqlEventOutbox(database, ids).list("org-a", { limit: 10 });
    assert.deepEqual(events.map((e) => [e.seq, e.type, e.data]), [[1, "health.status_changed", {
      realm_id: null,
      from: "healthy",
      to: "degraded",
      issue_codes: ["AUTOMATION_RUN_FAILED", "AUTOMATION_SLOT_MISSED"],
      link: "/health/integration",
    }]]);
  } finally {
    await database.close();
  }
});

Deno.test("evaluateIntegrationHealth: concurrent evaluations record each change once (history and audit)", async () => {
  const { database, deps, auditLog } = await setUp(["org-a"]);
  try {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => evaluateIntegrationHealth(deps, "org-a")),
    );
    assert.ok(results.every((r) => r.evaluation.status === "healthy"));
    const history = await deps.store.history("org-a", { limit: 10 });
    assert.deepEqual(history.entries.map((e) => [e.realmId, e.from, e.to]), [["9130000", null, "healthy"], [
      null,
      null,
      "healthy",
    ]]);
    const audited = (await auditLog.list("org-a", { limit: 50 })).filter((r) =>
      r.action === "health.status_changed"
    );
    assert.equal(audited.length, 2);
    assert.ok(audited.every((r) => r.actor === "system:health"));
    const again = await evaluateIntegrationHealth(deps, "org-a");
    assert.deepEqual(again.evaluation.changes, [], "nothing changed: nothing recorded");
    assert.equal((await deps.store.history("org-a", { limit: 10 })).entries.length, 2);
    assert.deepEqual(
      await new SqlEventOutbox(database, ids).list("org-a", { limit: 10 }),
      [],
      "no event at the first evaluation",
    );
  } finally {
    await database.close();
  }
});

Deno.test("evaluateAllOrganizations: every organization with a live connection; one failure does not stop the others", async () => {
  const { database, deps, connections, logs } = await setUp(["org-a", "org-b", "org-c"]);
  try {
    await connections.setStatus("org-c", "9130002", "disconnected", null, "2026-06-01T11:00:00.000Z");
    const facts = deps.facts;
    const failing = {
      read: (orgId: string, now: Date, options: Parameters<typeof facts.read>[2]) =>
        orgId === "org-a" ? Promise.reject(new Error("database gone")) : facts.read(orgId, now, options),
    };
    const summary = await evaluateAllOrganizations({ ...deps, facts: failing, connections });
    assert.deepEqual(summary, { evaluated: 1, failed: 1, changes: 2 });
    assert.equal(await deps.store.get("org-c"), null, "a disconnected organization is not evaluated");
    assert.equal((await deps.store.get("org-b"))!.status, "healthy");
    assert.ok(logs.some((l) => l.includes("integration health evaluation failed") && l.includes("org-a")));
  } finally {
    await database.close();
  }
});

Deno.test("integrationHealthFor: sync:read, organization-wide (a property-scoped caller is refused)", async () => {
  const { database, deps } = await setUp(["org-a"]);
  try {
    const scoped = { orgId: "org-a", userId: "u", role: "property_manager" as const, propertyIds: ["p1"] };
    await assert.rejects(
      integrationHealthFor(deps, scoped, null),
      (e) => isDomainError(e) && e.code === "FORBIDDEN" && e.details.reason === "needs_all_properties",
    );
    const viewer = { orgId: "org-a", userId: "u", role: "viewer" as const };
    assert.equal((await integrationHealthFor(deps, viewer, "req-1")).evaluation.status, "healthy");
  } finally {
    await database.close();
  }
});

Deno.test("Service.periodicTasks: integration health runs every HEALTH_EVALUATION_SECONDS", async () => {
  const service = await startTestService({ HEALTH_EVALUATION_SECONDS: "120" });
  try {
    const task = service.periodicTasks.find((t) => t.name === "integration_health");
    assert.ok(task);
    assert.equal(task.everyMs, 120_000);
    assert.deepEqual(await task.run(), { evaluated: 0, failed: 0, changes: 0 });
  } finally {
    await service.close();
  }
});
