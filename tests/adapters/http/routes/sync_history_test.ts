import assert from "node:assert/strict";
import type { NewSyncHistoryEntry } from "../../../../domain/ports/sync_history.ts";
import { seedConnection, SEEDED_REALM } from "../../../support/connection_rows.ts";
import {
  accessAnswers,
  assertFailure,
  assertSuccess,
  declaredPermission,
  expectedAccess,
  sameForEveryRole,
  scopedHeader,
  send,
  validationPaths,
} from "../../../support/route_checks.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

type Svc = Awaited<ReturnType<typeof startTestService>>;

const PORTFOLIO = {
  records: [
    { type: "property", data: { id: "p1", organization_id: "org-a", name: "Maple Court" } },
    { type: "property", data: { id: "p2", organization_id: "org-a", name: "Oak Plaza" } },
    { type: "tenant", data: { id: "t1", first_name: "Ann", last_name: "Lee", property_id: "p1" } },
    { type: "tenant", data: { id: "t2", first_name: "Bo", last_name: "Ng", property_id: "p2" } },
    { type: "vendor", data: { id: "v1", name: "Ace Plumbing" } },
  ],
};

const entry = (
  outcome: NewSyncHistoryEntry["outcome"],
  recordType: string,
  recordId: string,
  propertyId: string | null,
  error: Partial<Pick<NewSyncHistoryEntry, "errorCode" | "qboCode" | "message">> = {},
): NewSyncHistoryEntry => ({
  outcome,
  recordType,
  recordId,
  propertyId,
  entityType: recordType === "vendor" ? "Vendor" : "Customer",
  syncRecordId: recordId,
  qboId: outcome === "created" ? `q-${recordId}` : null,
  errorCode: error.errorCode ?? null,
  qboCode: error.qboCode ?? null,
  message: error.message ?? null,
});

/** A finished push job of org-a with three outcomes recorded, and an org-b job. */
async function seedHistory(svc: Svc): Promise<{ jobId: string; otherJobId: string }> {
  await seedConnection(svc, "org-a");
  await seedConnection(svc, "org-b");
  const now = () => svc.clock.now().toISOString();
  const { job } = await svc.syncData.jobs.enqueue({
    jobType: "sync.run",
    orgId: "org-a",
    realmId: SEEDED_REALM,
    payload: { direction: "push" },
    dedupeKey: "history-test",
    maxAttempts: 1,
  }, now());
  const claimed = await svc.syncData.jobs.claim("w", 60_000, now());
  assert.equal(claimed?.id, job.id);
  const run = { orgId: "org-a", realmId: SEEDED_REALM, jobId: job.id };
  await svc.syncData.history.record(run, [entry("created", "tenant", "t1", "p1")], now());
  svc.clock.advance(1_000);
  await svc.syncData.history.record(run, [
    entry("failed", "tenant", "t2", "p2", { errorCode: "QB004", qboCode: "6240", message: "Duplicate Name" }),
  ], now());
  svc.clock.advance(1_000);
  await svc.syncData.history.record(run, [entry("created", "vendor", "v1", null)], now());
  await svc.syncData.jobs.complete(
    job.id,
    "w",
    {
      push: { created: ["t1", "v1"], updated: 0, failed: [{ outcome: "failed" }], write_calls: 2 },
    },
    now(),
    "succeeded_with_errors",
  );
  const other = await svc.syncData.jobs.enqueue({
    jobType: "sync.run",
    orgId: "org-b",
    realmId: SEEDED_REALM,
    payload: { direction: "push" },
    dedupeKey: "history-test-b",
    maxAttempts: 1,
  }, now());
  return { jobId: job.id, otherJobId: other.job.id };
}

Deno.test("registerSyncHistoryRoutes GET /sync/history shows runs with their summary and entries newest first", async () => {
  const svc = await startTestService();
  try {
    const empty = assertSuccess(await send(svc.app, "GET", "/sync/history", await authHeader()), 200);
    assert.deepEqual(empty, { runs: [], entries: [], next_cursor: null });

    const { jobId } = await seedHistory(svc);
    const h = await authHeader("org-a", "viewer");
    const history = assertSuccess(await send(svc.app, "GET", "/sync/history", h), 200);
    assert.equal(history.runs.length, 1, "org-b's job is not shown");
    assert.deepEqual(
      { ...history.runs[0], created_at: "-", started_at: "-", finished_at: "-" },
      {
        job_id: jobId,
        realm_id: SEEDED_REALM,
        status: "succeeded_with_errors",
        direction: "push",
        selection: null,
        force: false,
        summary: {
          created: 2,
          updated: 0,
          removed: 0,
          adopted: 0,
          failed: 1,
          blocked: 0,
          invalid: 0,
          write_calls: 2,
        },
        error: null,
        created_at: "-",
        started_at: "-",
        finished_at: "-",
      },
    );
    assert.deepEqual(history.entries.map((e: { record_id: string }) => e.record_id), ["v1", "t2", "t1"]);
    const failed = history.entries[1];
    assert.deepEqual(
      [failed.outcome, failed.property_id, failed.qbo_id, failed.error],
      ["failed", "p2", null, { code: "QB004", qbo_code: "6240", message: "Duplicate Name" }],
    );
    assert.equal(history.entries[0].error, null);
    assert.equal(history.next_cursor, null);
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncHistoryRoutes GET /sync/history filters by job, record and outcome, pages by cursor and scopes callers", async () => {
  const svc = await startTestService();
  try {
    await send(svc.app, "POST", "/records/bulk", await authHeader("org-a", "admin"), PORTFOLIO);
    const { jobId, otherJobId } = await seedHistory(svc);
    const h = await authHeader("org-a", "viewer");
    const ids = async (query: string) =>
      assertSuccess(await send(svc.app, "GET", `/sync/history?${query}`, h), 200).entries.map((
        e: { record_id: string },
      ) => e.record_id);
    assert.deepEqual(await ids(`job_id=${jobId}`), ["v1", "t2", "t1"]);
    assert.deepEqual(await ids("record_type=tenant"), ["t2", "t1"]);
    assert.deepEqual(await ids("record_type=tenant&record_id=t1"), ["t1"]);
    assert.deepEqual(await ids("outcome=failed"), ["t2"]);
    assert.deepEqual(await ids("outcome=failed,created,failed"), ["v1", "t2", "t1"]);

    const first = assertSuccess(await send(svc.app, "GET", "/sync/history?limit=2", h), 200);
    assert.deepEqual(first.entries.map((e: { record_id: string }) => e.record_id), ["v1", "t2"]);
    assert.equal(typeof first.next_cursor, "string");
    const second = assertSuccess(
      await send(svc.app, "GET", `/sync/history?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`, h),
      200,
    );
    assert.deepEqual(second.entries.map((e: { record_id: string }) => e.record_id), ["t1"]);
    assert.equal(second.next_cursor, null);

    const scoped = assertSuccess(
      await send(svc.app, "GET", "/sync/history", await scopedHeader("org-a", "viewer", ["p1"])),
      200,
    );
    assert.deepEqual(scoped.entries.map((e: { record_id: string }) => e.record_id), ["v1", "t1"]);
    assert.equal(scoped.runs[0].summary, null, "organization-wide counts are not for scoped callers");

    const foreign = await send(svc.app, "GET", `/sync/history?job_id=${otherJobId}`, h);
    assert.deepEqual(assertFailure(foreign, 404, "NOT_FOUND").details, { job_id: otherJobId });
    for (
      const [query, path] of [
        ["outcome=lost", "query.outcome"],
        ["outcome=failed,", "query.outcome"],
        ["limit=0", "query.limit"],
        ["limit=501", "query.limit"],
        ["record_type=", "query.record_type"],
        ["jobId=x", "query.jobId"],
      ]
    ) {
      assert.deepEqual(
        validationPaths(await send(svc.app, "GET", `/sync/history?${query}`, h)),
        [path],
        query,
      );
    }
    assertFailure(
      await send(svc.app, "GET", "/sync/history?cursor=not-a-cursor", h),
      400,
      "VALIDATION_FAILED",
    );
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncHistoryRoutes POST /sync/records/{record_type}/{record_id}/resync queues a push of that record", async () => {
  const svc = await startTestService();
  try {
    const admin = await authHeader("org-a", "admin");
    await send(svc.app, "POST", "/records/bulk", admin, PORTFOLIO);
    const missingConnection = await send(svc.app, "POST", "/sync/records/tenant/t1/resync", admin);
    assertFailure(missingConnection, 404, "NOT_FOUND");
    await seedConnection(svc, "org-a");

    const queued = assertSuccess(await send(svc.app, "POST", "/sync/records/tenant/t1/resync", admin), 202);
    assert.deepEqual([queued.type, queued.status, queued.realm_id], ["sync.run", "queued", SEEDED_REALM]);
    assert.deepEqual((await svc.syncData.jobs.get(queued.id))?.payload, {
      direction: "push",
      selection: { record_types: [], records: [{ record_type: "tenant", record_id: "t1" }] },
      force: false,
    });
    const again = await send(svc.app, "POST", "/sync/records/tenant/t1/resync", admin, { force: false });
    assert.equal(assertSuccess(again, 200).id, queued.id, "an identical re-sync is the queued job");
    const forced = await send(svc.app, "POST", "/sync/records/tenant/t1/resync", admin, { force: true });
    assert.notEqual(assertSuccess(forced, 202).id, queued.id, "a forced re-sync is its own job");

    const missing = await send(svc.app, "POST", "/sync/records/tenant/t404/resync", admin);
    assert.deepEqual(assertFailure(missing, 404, "NOT_FOUND").details, {
      missing: [{ record_type: "tenant", record_id: "t404" }],
    });
    assert.deepEqual(
      validationPaths(await send(svc.app, "POST", "/sync/records/spaceship/s1/resync", admin)),
      [
        "param.record_type",
      ],
    );
    assert.deepEqual(
      validationPaths(await send(svc.app, "POST", "/sync/records/tenant/t1/resync", admin, { forse: true })),
      ["json.forse"],
    );
    assert.deepEqual(
      validationPaths(await send(svc.app, "POST", "/sync/records/tenant/t1/resync", admin, { force: "yes" })),
      ["json.force"],
    );

    const manager = await scopedHeader("org-a", "property_manager", ["p1"]);
    assertSuccess(
      await send(svc.app, "POST", "/sync/records/tenant/t1/resync", manager, { force: true }),
      200,
    );
    const outside = await send(svc.app, "POST", "/sync/records/tenant/t2/resync", manager);
    assert.deepEqual(assertFailure(outside, 403, "FORBIDDEN").details, {
      permission: "sync:run",
      reason: "property_out_of_scope",
    });
    const vendor = await send(svc.app, "POST", "/sync/records/vendor/v1/resync", manager);
    assert.equal(
      assertFailure(vendor, 403, "FORBIDDEN").details?.reason,
      "needs_all_properties",
      "an organization-wide record needs an organization-wide caller",
    );
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncHistoryRoutes POST /sync/entity queues a selective push and validates the selection", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "accountant");
    await send(svc.app, "POST", "/records/bulk", await authHeader("org-a", "admin"), PORTFOLIO);
    await seedConnection(svc, "org-a");
    const body = {
      record_types: ["vendor", "tenant"],
      records: [{ record_type: "tenant", record_id: "t2" }],
    };
    const queued = assertSuccess(await send(svc.app, "POST", "/sync/entity", h, body), 202);
    assert.deepEqual((await svc.syncData.jobs.get(queued.id))?.payload.selection, {
      record_types: ["tenant", "vendor"],
      records: [{ record_type: "tenant", record_id: "t2" }],
    });
    const reordered = { ...body, record_types: ["tenant", "vendor", "tenant"] };
    assert.equal(
      assertSuccess(await send(svc.app, "POST", "/sync/entity", h, reordered), 200).id,
      queued.id,
      "the same selection in another order is the same job",
    );

    assert.deepEqual(validationPaths(await send(svc.app, "POST", "/sync/entity", h, {})), ["json"]);
    assert.deepEqual(
      validationPaths(await send(svc.app, "POST", "/sync/entity", h, { record_types: ["spaceship"] })),
      [
        "json.record_types.0",
      ],
    );
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ record_type: "tenant", record_id: `t${i}` }));
    assert.deepEqual(validationPaths(await send(svc.app, "POST", "/sync/entity", h, { records: tooMany })), [
      "json.records",
    ]);
    assert.deepEqual(
      validationPaths(
        await send(svc.app, "POST", "/sync/entity", h, { records: [{ record_type: "tenant", id: "t1" }] }),
      ),
      ["json.records.0.record_id", "json.records.0.id"],
    );
    const missing = await send(svc.app, "POST", "/sync/entity", h, {
      records: [{ record_type: "tenant", record_id: "t9" }],
    });
    assertFailure(missing, 404, "NOT_FOUND");
    const wholeTypes = await send(
      svc.app,
      "POST",
      "/sync/entity",
      await scopedHeader("org-a", "property_manager", ["p1"]),
      { record_types: ["tenant"] },
    );
    assert.equal(assertFailure(wholeTypes, 403, "FORBIDDEN").details?.reason, "needs_all_properties");
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncHistoryRoutes declares sync:read for the history and sync:run for re-syncs", async () => {
  const svc = await startTestService();
  try {
    assert.equal(await declaredPermission(svc.app, "GET", "/sync/history"), "sync:read");
    assert.equal(
      await declaredPermission(svc.app, "POST", "/sync/records/{record_type}/{record_id}/resync"),
      "sync:run",
    );
    assert.equal(await declaredPermission(svc.app, "POST", "/sync/entity"), "sync:run");
    const run = expectedAccess("sync:run", "400 VALIDATION_FAILED");
    assert.deepEqual(await accessAnswers(svc.app, "POST", "/sync/entity", { record_types: "all" }), run);
    assert.deepEqual(
      await accessAnswers(svc.app, "POST", "/sync/records/tenant/t1/resync", { force: 1 }),
      run,
    );
    assert.deepEqual(await accessAnswers(svc.app, "GET", "/sync/history"), sameForEveryRole("200"));
  } finally {
    await svc.close();
  }
});
