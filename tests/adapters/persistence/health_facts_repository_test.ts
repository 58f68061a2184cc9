import assert from "node:assert/strict";
import { SqlAutomationRepository } from "../../../adapters/persistence/repositories/automation_repository.ts";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlHealthFactsReader } from "../../../adapters/persistence/repositories/health_facts_repository.ts";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import {
  SqlPullCursorStore,
  SqlReviewQueue,
} from "../../../adapters/persistence/repositories/pull_state_repositories.ts";
import { SqlRateBudget } from "../../../adapters/persistence/repositories/rate_budget_repository.ts";
import { SqlRecordMirror } from "../../../adapters/persistence/repositories/record_mirror_repository.ts";
import { SqlSyncHistory } from "../../../adapters/persistence/repositories/sync_history_repository.ts";
import { SqlWebhookInbox } from "../../../adapters/persistence/repositories/webhook_inbox_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const REALM = "9130001";
const NOW = new Date("2026-06-01T12:00:00.000Z");
const at = (minutesBefore: number) => new Date(NOW.getTime() - minutesBefore * 60_000);
const iso = (minutesBefore: number) => at(minutesBefore).toISOString();

let counter = 0;
const ids = { newId: () => `id-${++counter}` };

contractSuite("SqlHealthFactsReader contract", async (t, database) => {
  const reader = new SqlHealthFactsReader(database);
  const read = () => reader.read("org-a", NOW, { failedRunsSince: at(24 * 60), maxFailingPerCompany: 100 });
  await new SqlOrganizationRepository(database.db).create({ id: "org-a", name: "A", createdAt: iso(600) });
  const connections = new SqlConnectionRepository(database.db);
  await connections.save({
    id: "c1",
    orgId: "org-a",
    realmId: REALM,
    companyName: "Maple",
    status: "connected",
    encryptedTokens: "sealed",
    accessTokenExpiresAt: iso(-60),
    refreshTokenExpiresAt: "2026-09-09T12:00:00.000Z",
    refreshTokenHardExpiresAt: "2031-06-01T12:00:00.000Z",
    classTrackingEnabled: false,
    locationTrackingEnabled: false,
    isDefault: true,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: iso(600),
  }, iso(600));

  await t.step("a company with nothing yet: no push, no cursor, no report, nothing waiting", async () => {
    const facts = await read();
    assert.equal(facts.companies.length, 1);
    const c = facts.companies[0];
    assert.equal(c.connection.lastRefreshedAt, iso(600));
    assert.equal(c.connection.refreshTokenHardExpiresAt, "2031-06-01T12:00:00.000Z");
    assert.deepEqual(c.sync, {
      lastPushAt: null,
      lastPullAt: null,
      backlogRecords: 0,
      oldestUnsyncedAt: null,
      jobsQueued: 0,
      jobsRunning: 0,
      lastPushJobId: null,
      failing: [],
      openReviews: 0,
      cdcCursorAt: null,
      webhookLagMs: null,
      webhookEventsPending: 0,
    });
    assert.equal(c.dataQuality.latest, null);
    assert.equal(c.rateBudgetUsedLastMinute, 0);
    assert.deepEqual(facts.failedAutomationRuns, []);
  });

  await t.step(
    "jobs, the last push and its unsynced records, backlog, reviews, cursor, inbox, budget, runs",
    async () => {
      const mirror = new SqlRecordMirror(database);
      const record = (id: string) => ({
        recordType: "tenant" as const,
        recordId: id,
        propertyId: "p1",
        data: { id },
      });
      await mirror.upsertMany("org-a", [record("t1"), record("t2")], iso(120));
      const jobs = new SqlJobQueue(database, ids);
      const run = async (payload: Record<string, unknown>, startedMinutesBefore: number, key: string) => {
        await jobs.enqueue(
          { jobType: "sync.run", orgId: "org-a", realmId: REALM, payload, dedupeKey: key },
          iso(startedMinutesBefore + 1),
        );
        const job = (await jobs.claim("w1", 60_000, iso(startedMinutesBefore)))!;
        assert.ok(job);
        assert.equal(
          await jobs.complete(job.id, "w1", {}, iso(startedMinutesBefore - 1), "succeeded_with_errors"),
          true,
        );
        return job;
      };
      const push = await run({ direction: "push" }, 60, "push");
      await run({ direction: "pull" }, 30, "pull");
      await jobs.enqueue({
        jobType: "sync.run",
        orgId: "org-a",
        realmId: REALM,
        payload: { direction: "push" },
        dedupeKey: "q1",
      }, iso(5));
      await jobs.enqueue({
        jobType: "sync.run",
        orgId: "org-a",
        realmId: REALM,
        payload: { direction: "both" },
        dedupeKey: "q2",
      }, iso(5));
      await mirror.upsertMany(
        "org-a",
        [record("t3"), { ...record("t1"), data: { id: "t1", changed: true } }],
        iso(20),
      );

      const history = new SqlSyncHistory(database, ids);
      const entry = (
        recordId: string,
        outcome: "created" | "invalid" | "failed" | "blocked",
        errorCode: string | null,
      ) => ({
        outcome,
        recordType: "deposit",
        recordId,
        propertyId: "p2",
        entityType: "JournalEntry",
        syncRecordId: recordId,
        qboId: null,
        errorCode,
        qboCode: errorCode === "QB004" ? "6240" : null,
        message: errorCode === null ? null : `problem ${recordId}`,
      });
      await history.record({ orgId: "org-a", realmId: REALM, jobId: push.id }, [
        entry("d1", "invalid", "QB006"),
        entry("d2", "invalid", "QB006"),
        entry("d3", "failed", "QB004"),
        entry("d4", "blocked", null),
        entry("d5", "created", null),
      ], iso(59));

      await new SqlReviewQueue(database, ids).open({
        id: "r1",
        orgId: "org-a",
        realmId: REALM,
        entityType: "Customer",
        recordId: "t1",
        qboId: "58",
        conflicts: [],
        quickbooksSnapshot: {},
        createdAt: iso(10),
      });
      await new SqlPullCursorStore(database).set("org-a", REALM, iso(31), iso(29));

      const inbox = new SqlWebhookInbox(database, () => ids.newId());
      const event = (key: string, occurredMinutesBefore: number) => ({
        dedupKey: key,
        realmId: REALM,
        entityName: "Customer",
        entityId: key,
        operation: "Update" as const,
        occurredAt: at(occurredMinutesBefore),
        deletedId: null,
        format: "cloudevents" as const,
      });
      await inbox.storeAll([event("e1", 12), event("e2", 8)], at(8));
      const claimed = (await inbox.claimNext(REALM, "w1", at(4), at(-1)))!;
      await inbox.markProcessed(claimed.id, "w1", at(3));

      const budget = new SqlRateBudget(database, () => ids.newId());
      for (let i = 0; i < 3; i++) {
        assert.equal(
          (await budget.tryAcquire(REALM, "call", new Date(NOW.getTime() - 10_000 - i * 200))).granted,
          true,
        );
      }
      assert.equal((await budget.tryAcquire(REALM, "call", new Date(NOW.getTime() - 61_000))).granted, true);

      const automation = new SqlAutomationRepository(database);
      const claim = (await automation.claimSlot({
        id: "run-1",
        orgId: "org-a",
        workflow: "late_fee_processing",
        slot: iso(300),
        trigger: "schedule",
        asOf: "2026-06-01",
        owner: "w1",
        leaseMs: 60_000,
        now: iso(300),
      }))!;
      await automation.finishRun(claim.id, "w1", {
        status: "failed",
        result: null,
        errorCode: "QB008",
        errorMessage: "x",
      }, iso(299));

      const facts = await read();
      const c = facts.companies[0];
      assert.equal(c.sync.lastPushJobId, push.id, "the last push, not the later pull");
      assert.equal(c.sync.lastPushAt, iso(59));
      assert.equal(c.sync.lastPullAt, iso(29));
      assert.equal(c.sync.cdcCursorAt, iso(31));
      assert.equal(c.sync.jobsQueued, 2);
      assert.equal(c.sync.jobsRunning, 0);
      assert.equal(c.sync.backlogRecords, 2, "t1 changed and t3 created after the push started");
      assert.equal(c.sync.oldestUnsyncedAt, iso(20));
      assert.deepEqual(
        c.sync.failing.map((g) => [g.outcome, g.errorCode, g.count, g.example.recordId, g.example.propertyId])
          .sort(),
        [["blocked", "BLOCKED", 1, "d4", "p2"], ["failed", "QB004", 1, "d3", "p2"], [
          "invalid",
          "QB006",
          2,
          "d1",
          "p2",
        ]],
      );
      assert.equal(c.sync.failing.find((g) => g.errorCode === "QB004")!.example.qboCode, "6240");
      assert.equal(c.sync.openReviews, 1);
      assert.equal(c.sync.webhookEventsPending, 1);
      assert.equal(c.sync.webhookLagMs, 9 * 60_000, "e1 took 9 minutes (12 -> 3); e2 waits for 8 so far");
      assert.equal(c.rateBudgetUsedLastMinute, 3, "the permit of 61 s ago is outside the minute");
      assert.deepEqual(facts.failedAutomationRuns, [{
        workflow: "late_fee_processing",
        runId: "run-1",
        slot: iso(300),
        at: iso(299),
        errorCode: "QB008",
      }]);
    },
  );

  await t.step(
    "several companies: each its own push, backlog, failing records, cursor and latest report",
    async () => {
      await connections.save({
        id: "c2",
        orgId: "org-a",
        realmId: "9130002",
        companyName: "Oak",
        status: "needs_reauthorization",
        encryptedTokens: null,
        accessTokenExpiresAt: null,
        refreshTokenExpiresAt: null,
        refreshTokenHardExpiresAt: null,
        classTrackingEnabled: false,
        locationTrackingEnabled: false,
        isDefault: false,
        lastErrorCode: "QB002",
        lastErrorMessage: "QuickBooks rejected the refresh token (invalid_grant)",
        lastErrorAt: iso(2),
        connectedAt: iso(500),
      }, iso(500));
      const jobs = new SqlJobQueue(database, ids);
      await jobs.enqueue({
        jobType: "sync.run",
        orgId: "org-a",
        realmId: "9130002",
        payload: { direction: "push" },
      }, iso(16));
      const job = (await jobs.claim("w2", 60_000, iso(15)))!;
      assert.equal(job.realmId, "9130002");
      await jobs.complete(job.id, "w2", {}, iso(14), "succeeded_with_errors");
      await new SqlSyncHistory(database, ids).record({ orgId: "org-a", realmId: "9130002", jobId: job.id }, [{
        outcome: "failed",
        recordType: "bill",
        recordId: "b1",
        propertyId: null,
        entityType: "Bill",
        syncRecordId: "b1",
        qboId: null,
        errorCode: "QB004",
        qboCode: "2020",
        message: "Required param missing",
      }], iso(14));
      const report = (id: string, realmId: string, createdMinutesBefore: number, byCount: number) => ({
        id,
        org_id: "org-a",
        realm_id: realmId,
        created_at: iso(createdMinutesBefore),
        period_from: "2026-01-01",
        period_to: "2026-05-31",
        property_ids: null,
        discrepancies_found: 3,
        discrepancies: "[]",
        counts_by_type: "{}",
        totals: "{}",
        score: "{}",
        score_by_count_bp: byCount,
        score_by_amount_bp: 10_000,
        resolution: null,
        resolved_at: null,
      });
      await database.db.insertInto("reconciliation_reports").values([
        report("rep-old", REALM, 3000, 9000),
        report("rep-new", REALM, 100, 9850),
        report("rep-oak", "9130002", 200, 10_000),
      ]).execute();

      const facts = await read();
      assert.deepEqual(facts.companies.map((c) => c.realmId), [REALM, "9130002"], "in connection order");
      const [maple, oak] = facts.companies;
      assert.equal(maple.sync.backlogRecords, 2, "unchanged by the other company's later push");
      assert.equal(oak.sync.backlogRecords, 0, "nothing changed since its push started");
      assert.equal(oak.sync.lastPushJobId, job.id);
      assert.deepEqual(oak.sync.failing.map((g) => [g.errorCode, g.count, g.example.recordId]), [[
        "QB004",
        1,
        "b1",
      ]]);
      assert.equal(maple.sync.failing.reduce((n, g) => n + g.count, 0), 4, "its own push's records only");
      assert.equal(oak.sync.cdcCursorAt, null);
      assert.equal(oak.sync.webhookLagMs, null);
      assert.equal(oak.connectionStatus, "needs_reauthorization");
      assert.deepEqual(oak.connection.lastFailure, {
        code: "QB002",
        message: "QuickBooks rejected the refresh token (invalid_grant)",
        at: iso(2),
      });
      assert.deepEqual(maple.dataQuality.latest, {
        reportId: "rep-new",
        createdAt: iso(100),
        byCount: 98.5,
        byAmount: 100,
        unresolvedDiscrepancies: 3,
      });
      assert.equal(oak.dataQuality.latest?.reportId, "rep-oak");
      const capped = await reader.read("org-a", NOW, { failedRunsSince: at(60), maxFailingPerCompany: 2 });
      assert.equal(
        capped.companies[0].sync.failing.reduce((n, g) => n + g.count, 0),
        2,
        "at most 2 per company",
      );
      assert.deepEqual(capped.failedAutomationRuns, [], "the failed run is older than the window");
    },
  );
});
