import assert from "node:assert/strict";
import { evaluateHealth, type HealthState } from "../../../domain/health/evaluate_health.ts";
import { failingRecommendation } from "../../../domain/health/sync_conditions.ts";
import { company, minutesAfter, NOW, organization, THRESHOLDS } from "./health_fixtures.ts";

const codes = (e: { issues: readonly { code: string }[] }) => e.issues.map((i) => i.code);

Deno.test("evaluateHealth: a healthy company and organization, first evaluation records both statuses", () => {
  const e = evaluateHealth(organization(), THRESHOLDS, null, NOW);
  assert.equal(e.status, "healthy");
  assert.deepEqual(e.companies.map((c) => c.status), ["healthy"]);
  assert.deepEqual(e.issues, []);
  assert.deepEqual(e.changes.map((c) => [c.realmId, c.from, c.to]), [[null, null, "healthy"], [
    "9130001",
    null,
    "healthy",
  ]]);
});

Deno.test("evaluateHealth: no company is not_connected with an info issue; a disconnected one is not counted", () => {
  const none = evaluateHealth(organization([]), THRESHOLDS, null, NOW);
  assert.equal(none.status, "not_connected");
  assert.deepEqual(codes(none), ["NO_COMPANY_CONNECTED"]);
  const gone = evaluateHealth(
    organization([company("1", { connectionStatus: "disconnected" }), company("2")]),
    THRESHOLDS,
    null,
    NOW,
  );
  assert.equal(gone.status, "healthy");
  assert.deepEqual(gone.companies.map((c) => c.status), ["not_connected", "healthy"]);
});

Deno.test("evaluateHealth: needs_reauthorization counts at once and names the company and the failure", () => {
  const e = evaluateHealth(
    organization([company("9130001", {
      connectionStatus: "needs_reauthorization",
      connection: {
        lastFailure: {
          code: "QB002",
          message: "QuickBooks rejected the refresh token (invalid_grant)",
          at: "2026-06-01T11:59:00.000Z",
        },
      },
    })]),
    THRESHOLDS,
    null,
    NOW,
  );
  assert.equal(e.status, "needs_reauthorization");
  assert.equal(e.issues[0].code, "CONNECTION_NEEDS_REAUTHORIZATION");
  assert.equal(e.issues[0].phase, "active");
  assert.match(e.issues[0].recommendation, /^Re-authorize QuickBooks for Maple Holdings now/);
  assert.match(e.issues[0].message, /invalid_grant/);
  const again = evaluateHealth(organization([company("9130001")]), THRESHOLDS, e.state, minutesAfter(NOW, 1));
  assert.equal(again.status, "healthy", "re-authorized: no recovery wait for an immediate condition");
  assert.deepEqual(again.issues, []);
});

Deno.test("evaluateHealth: the 5-year hard expiry warns with the date to re-authorize before, critical in the last week", () => {
  const near = company("1", { connection: { refreshTokenHardExpiresAt: "2026-07-04T00:00:00.000Z" } });
  const held = evaluateHealth(organization([near]), { ...THRESHOLDS, holdMinutes: 0 }, null, NOW);
  assert.equal(held.status, "degraded");
  const issue = held.issues.find((i) => i.code === "REFRESH_TOKEN_HARD_EXPIRY")!;
  assert.equal(issue.severity, "warning");
  assert.equal(issue.details.days_left, 32);
  assert.equal(
    issue.recommendation,
    "Re-authorize QuickBooks for Maple Holdings before 2026-07-04: no refresh extends the 5-year limit",
  );
  const lastWeek = evaluateHealth(
    organization([company("1", { connection: { refreshTokenHardExpiresAt: "2026-06-05T00:00:00.000Z" } })]),
    { ...THRESHOLDS, holdMinutes: 0 },
    null,
    NOW,
  );
  assert.equal(lastWeek.status, "unhealthy");
});

Deno.test("evaluateHealth: a condition counts only after the hold and stops counting only after the recovery time", () => {
  const failing = organization([company("1", { circuit: { state: "open", openedAt: NOW.toISOString() } })]);
  const fine = organization([company("1")]);
  let state: HealthState | null = evaluateHealth(fine, THRESHOLDS, null, NOW).state;
  const step = (facts: typeof fine, minutes: number) => {
    const e = evaluateHealth(facts, THRESHOLDS, state, minutesAfter(NOW, minutes));
    state = e.state;
    return e;
  };
  const first = step(failing, 1);
  assert.equal(first.status, "healthy", "pending while it has not held 5 minutes");
  assert.equal(first.issues[0].phase, "pending");
  assert.deepEqual(first.changes, []);
  assert.equal(step(fine, 2).issues.length, 0, "a blip is forgotten");
  step(failing, 3);
  const held = step(failing, 8);
  assert.equal(held.status, "unhealthy");
  assert.equal(held.issues[0].since, minutesAfter(NOW, 3).toISOString(), "since when it held, not the blip");
  assert.deepEqual(held.changes.map((c) => [c.realmId, c.from, c.to, c.issueCodes]), [
    [null, "healthy", "unhealthy", ["QUICKBOOKS_CIRCUIT_OPEN"]],
    ["1", "healthy", "unhealthy", ["QUICKBOOKS_CIRCUIT_OPEN"]],
  ]);
  const clear = step(fine, 9);
  assert.equal(clear.status, "unhealthy", "still counts while recovering");
  assert.equal(clear.issues[0].phase, "recovering");
  assert.equal(step(failing, 12).issues[0].phase, "active", "back without starting over");
  assert.equal(step(fine, 13).status, "unhealthy");
  assert.equal(step(fine, 27).status, "unhealthy", "clear for 14 minutes only");
  const recovered = step(fine, 28);
  assert.equal(recovered.status, "healthy");
  assert.deepEqual(recovered.changes.map((c) => [c.from, c.to]), [["unhealthy", "healthy"], [
    "unhealthy",
    "healthy",
  ]]);
});

Deno.test("evaluateHealth: a failing mapping recommends mapping the property's account and re-syncing the record", () => {
  const e = evaluateHealth(
    organization([company("1", {
      sync: {
        failing: [{
          errorCode: "QB006",
          outcome: "invalid",
          count: 2,
          example: {
            recordType: "deposit",
            recordId: "d1",
            propertyId: "p2",
            message: "No QuickBooks account mapped for deposit_liability at property p2",
            qboCode: null,
          },
        }],
        lastPushJobId: "job-9",
      },
    })]),
    { ...THRESHOLDS, holdMinutes: 0 },
    null,
    NOW,
  );
  assert.equal(e.status, "degraded");
  assert.equal(e.issues[0].code, "SYNC_RECORDS_FAILING");
  assert.equal(
    e.issues[0].recommendation,
    "Map the missing account for property p2 (No QuickBooks account mapped for deposit_liability at property p2) " +
      "with PUT /mappings/properties/p2 (or PUT /mappings/default), then re-sync it " +
      "(POST /sync/records/deposit/d1/resync) (and 1 more: GET /sync/history?job_id=job-9)",
  );
});

Deno.test("evaluateHealth: API error rate, throttles, budget, latency, backlog, cursor, lag, score and staleness", () => {
  const all = company("1", {
    api: { calls: 40, errors: 12, throttled: 11, p95Ms: 6000 },
    rateBudget: { usedLastMinute: 450 },
    sync: {
      backlogRecords: 3,
      oldestUnsyncedAt: "2026-05-30T00:00:00.000Z",
      jobsQueued: 20,
      openReviews: 30,
      cdcCursorAt: "2026-05-01T00:00:00.000Z",
      webhookLagMs: 20 * 60_000,
    },
    dataQuality: {
      latest: {
        reportId: "rec-7",
        createdAt: "2026-04-01T00:00:00.000Z",
        byCount: 95,
        byAmount: 99.5,
        unresolvedDiscrepancies: 4,
      },
    },
  });
  const e = evaluateHealth(organization([all]), { ...THRESHOLDS, holdMinutes: 0 }, null, NOW);
  assert.deepEqual(codes(e).sort(), [
    "CDC_CURSOR_STALE",
    "INTEGRITY_SCORE_LOW",
    "QUICKBOOKS_ERROR_RATE",
    "QUICKBOOKS_RATE_BUDGET",
    "QUICKBOOKS_SLOW",
    "QUICKBOOKS_THROTTLED",
    "RECONCILIATION_STALE",
    "SYNC_BACKLOG",
    "SYNC_QUEUE_DEEP",
    "SYNC_REVIEWS_OPEN",
    "WEBHOOK_LAG",
  ]);
  assert.equal(e.status, "unhealthy", "12/40 errors and a cursor past 25 days are critical");
  assert.deepEqual(e.issues.filter((i) => i.severity === "critical").map((i) => i.code).sort(), [
    "CDC_CURSOR_STALE",
    "QUICKBOOKS_ERROR_RATE",
  ]);
  const few = evaluateHealth(
    organization([company("1", { api: { calls: 5, errors: 5 } })]),
    { ...THRESHOLDS, holdMinutes: 0 },
    null,
    NOW,
  );
  assert.deepEqual(codes(few), [], "too few calls for a rate");
});

Deno.test("evaluateHealth: automation failures and missed slots are organization issues", () => {
  const e = evaluateHealth(
    organization([company("1")], {
      enabledWorkflows: 2,
      failedRuns: [{
        workflow: "rent_invoice_generation",
        runId: "run-1",
        slot: "2026-06-01T06:00:00.000Z",
        at: "2026-06-01T06:00:05.000Z",
        errorCode: "QB008",
      }],
      missedSlots: [{ workflow: "late_fee_processing", slot: "2026-06-01T07:00:00.000Z" }],
    }),
    { ...THRESHOLDS, holdMinutes: 0 },
    null,
    NOW,
  );
  assert.equal(e.status, "degraded");
  assert.deepEqual(e.companies.map((c) => c.status), ["healthy"]);
  assert.deepEqual(codes(e).sort(), ["AUTOMATION_RUN_FAILED", "AUTOMATION_SLOT_MISSED"]);
  assert.ok(e.issues.every((i) => i.realmId === null && i.component === "automation"));
  assert.match(
    e.issues.find((i) => i.code === "AUTOMATION_SLOT_MISSED")!.recommendation,
    /for 2026-06-01 by hand/,
  );
});

Deno.test("failingRecommendation: a blocked record says to fix what it waits for; QB004 names QuickBooks' fault", () => {
  const example = {
    recordType: "payment",
    recordId: "pay_1",
    propertyId: "p1",
    message: "Waits for Invoice of charge chg_1 (not in QuickBooks yet)",
    qboCode: null,
  };
  assert.equal(
    failingRecommendation({ errorCode: "BLOCKED", outcome: "blocked", count: 1, example }, "job-1"),
    "payment pay_1 waits for a record that is not in QuickBooks yet (Waits for Invoice of charge chg_1 " +
      "(not in QuickBooks yet)); fix that record first: the next push writes both",
  );
  assert.equal(
    failingRecommendation({
      errorCode: "QB004",
      outcome: "failed",
      count: 1,
      example: {
        ...example,
        recordType: "charge",
        recordId: "chg_1",
        qboCode: "6240",
        message: "Duplicate Name",
      },
    }, "job-1"),
    "QuickBooks refused charge chg_1 (fault 6240): Duplicate Name; correct the record, then re-sync it " +
      "(POST /sync/records/charge/chg_1/resync)",
  );
});
