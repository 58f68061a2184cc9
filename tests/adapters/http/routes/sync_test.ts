import assert from "node:assert/strict";
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

const NOW = "2026-06-01T12:00:00.000Z";
const READ_BY_EVERY_ROLE = sameForEveryRole("200");

Deno.test("registerSyncRoutes POST /sync queues a job (202) and answers the live one again (200)", async () => {
  const svc = await startTestService();
  try {
    await seedConnection(svc, "org-a");
    const h = await authHeader("org-a", "accountant");
    const queued = assertSuccess(await send(svc.app, "POST", "/sync", h, { direction: "push" }), 202);
    assert.deepEqual({ ...queued, id: "<id>" }, {
      id: "<id>",
      type: "sync.run",
      status: "queued",
      realm_id: SEEDED_REALM,
      progress: { total: 0, done: 0, failed: 0, skipped: 0, rate_per_second: null, eta_seconds: null },
      attempts: 0,
      interruptions: 0,
      result: null,
      error: null,
      created_at: NOW,
      started_at: null,
      finished_at: null,
    });
    const again = assertSuccess(
      await send(svc.app, "POST", "/sync", h, { direction: "push", realm_id: SEEDED_REALM }),
      200,
    );
    assert.equal(again.id, queued.id, "the same company and direction: the queued job");
    const both = assertSuccess(await send(svc.app, "POST", "/sync", h, {}), 202);
    assert.notEqual(both.id, queued.id, "direction defaults to both, its own job");
    const job = await svc.syncData.jobs.get(both.id);
    assert.deepEqual(job?.payload, { direction: "both" });
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncRoutes POST /sync needs a connected company and a valid body", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const none = await send(svc.app, "POST", "/sync", h, { direction: "pull" });
    assert.deepEqual(assertFailure(none, 404, "NOT_FOUND").details, { realm_id: null });
    await seedConnection(svc, "org-a", { status: "needs_reauthorization" });
    const stale = await send(svc.app, "POST", "/sync", h, { direction: "pull" });
    assert.deepEqual(assertFailure(stale, 409, "QB002").details, {
      realm_id: SEEDED_REALM,
      status: "needs_reauthorization",
    });
    const unknownRealm = await send(svc.app, "POST", "/sync", h, { realm_id: "42" });
    assert.deepEqual(assertFailure(unknownRealm, 404, "NOT_FOUND").details, { realm_id: "42" });

    assert.deepEqual(validationPaths(await send(svc.app, "POST", "/sync", h, { direction: "sideways" })), [
      "json.direction",
    ]);
    assert.deepEqual(validationPaths(await send(svc.app, "POST", "/sync", h, { realm_id: "" })), [
      "json.realm_id",
    ]);
    assert.deepEqual(validationPaths(await send(svc.app, "POST", "/sync", h, { realmId: SEEDED_REALM })), [
      "json.realmId",
    ]);
    assertFailure(
      await send(svc.app, "POST", "/sync", { ...h, "Content-Type": "application/json" }),
      400,
      "INVALID_JSON",
    );
    assert.deepEqual(await svc.syncData.jobs.listByOrg("org-a", { limit: 10 }), [], "nothing was queued");
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncRoutes declares sync:run and sync:read; a property-scoped caller cannot sync everything", async () => {
  const svc = await startTestService();
  try {
    assert.equal(await declaredPermission(svc.app, "POST", "/sync"), "sync:run");
    for (const path of ["/sync/jobs/{job_id}", "/sync/jobs", "/sync/events", "/sync/reviews"]) {
      assert.equal(await declaredPermission(svc.app, "GET", path), "sync:read", path);
    }
    assert.deepEqual(
      await accessAnswers(svc.app, "POST", "/sync", { direction: "sideways" }),
      expectedAccess("sync:run", "400 VALIDATION_FAILED"),
    );
    for (const path of ["/sync/jobs", "/sync/events", "/sync/reviews"]) {
      assert.deepEqual(await accessAnswers(svc.app, "GET", path), READ_BY_EVERY_ROLE, path);
    }
    await seedConnection(svc, "org-a");
    const scoped = await send(
      svc.app,
      "POST",
      "/sync",
      await scopedHeader("org-a", "property_manager", ["p1"]),
      {},
    );
    assert.equal(assertFailure(scoped, 403, "FORBIDDEN").details?.reason, "needs_all_properties");
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncRoutes GET /sync/jobs lists the organization's jobs newest first; GET /sync/jobs/{job_id} reads one", async () => {
  const svc = await startTestService();
  try {
    await seedConnection(svc, "org-a");
    await seedConnection(svc, "org-b");
    const h = await authHeader("org-a", "viewer");
    const admin = await authHeader("org-a", "admin");
    const push = assertSuccess(await send(svc.app, "POST", "/sync", admin, { direction: "push" }), 202);
    svc.clock.advance(1_000);
    const pull = assertSuccess(await send(svc.app, "POST", "/sync", admin, { direction: "pull" }), 202);
    const theirs = assertSuccess(await send(svc.app, "POST", "/sync", await authHeader("org-b"), {}), 202);
    await svc.syncData.jobs.cancel("org-a", push.id, svc.clock.now().toISOString());

    const listed = assertSuccess(await send(svc.app, "GET", "/sync/jobs", h), 200);
    assert.deepEqual(listed.map((j: { id: string }) => j.id), [pull.id, push.id]);
    const cancelled = assertSuccess(await send(svc.app, "GET", "/sync/jobs?status=cancelled", h), 200);
    assert.deepEqual(cancelled.map((j: { id: string }) => j.id), [push.id]);
    assert.deepEqual(
      assertSuccess(await send(svc.app, "GET", "/sync/jobs?limit=1", h), 200).map((j: { id: string }) =>
        j.id
      ),
      [pull.id],
    );

    const one = assertSuccess(await send(svc.app, "GET", `/sync/jobs/${pull.id}`, h), 200);
    assert.deepEqual(one, pull);
    const foreign = await send(svc.app, "GET", `/sync/jobs/${theirs.id}`, h);
    assert.deepEqual(assertFailure(foreign, 404, "NOT_FOUND").details, { job_id: theirs.id });
    assertFailure(await send(svc.app, "GET", "/sync/jobs/no-such-job", h), 404, "NOT_FOUND");
    assert.deepEqual(validationPaths(await send(svc.app, "GET", `/sync/jobs/${"j".repeat(65)}`, h)), [
      "param.job_id",
    ]);

    for (
      const [query, path] of [
        ["status=finished", "query.status"],
        ["limit=0", "query.limit"],
        [
          "limit=201",
          "query.limit",
        ],
        ["limit=ten", "query.limit"],
        ["state=queued", "query.state"],
      ]
    ) {
      assert.deepEqual(validationPaths(await send(svc.app, "GET", `/sync/jobs?${query}`, h)), [path], query);
    }
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncRoutes GET /sync/events pages the event log; a scoped caller sees its properties' events", async () => {
  const svc = await startTestService();
  try {
    await send(svc.app, "POST", "/records/bulk", await authHeader("org-a", "admin"), {
      records: [
        { type: "property", data: { id: "p1", organization_id: "org-a", name: "Maple Court" } },
        { type: "property", data: { id: "p2", organization_id: "org-a", name: "Oak Plaza" } },
        { type: "tenant", data: { id: "t1", first_name: "Ann", last_name: "Lee", property_id: "p1" } },
        { type: "tenant", data: { id: "t2", first_name: "Bo", last_name: "Ng", property_id: "p2" } },
      ],
    });
    const event = (orgId: string, qboId: string, recordId: string) => ({
      orgId,
      realmId: SEEDED_REALM,
      at: NOW,
      event: "quickbooks.edited",
      entityType: "Customer",
      qboId,
      recordType: "tenant",
      recordIds: [recordId],
      suggestedAction: "review",
      details: { fields: ["DisplayName"] },
      dedupeKey: `edited:${qboId}`,
    });
    await svc.syncData.events.append([
      event("org-a", "58", "t1"),
      event("org-a", "59", "t2"),
      event("org-b", "60", "t9"),
    ]);

    const h = await authHeader("org-a", "viewer");
    const all = assertSuccess(await send(svc.app, "GET", "/sync/events", h), 200);
    assert.deepEqual(all.map((e: { qbo_id: string }) => e.qbo_id), ["58", "59"]);
    assert.deepEqual({ ...all[0], seq: 0 }, {
      seq: 0,
      at: NOW,
      event: "quickbooks.edited",
      realm_id: SEEDED_REALM,
      entity_type: "Customer",
      qbo_id: "58",
      record_type: "tenant",
      record_ids: ["t1"],
      suggested_action: "review",
      details: { fields: ["DisplayName"] },
    });
    const after = assertSuccess(await send(svc.app, "GET", `/sync/events?after_seq=${all[0].seq}`, h), 200);
    assert.deepEqual(after.map((e: { qbo_id: string }) => e.qbo_id), ["59"]);
    const first = assertSuccess(await send(svc.app, "GET", "/sync/events?limit=1", h), 200);
    assert.deepEqual(first.map((e: { qbo_id: string }) => e.qbo_id), ["58"]);
    const scoped = await send(svc.app, "GET", "/sync/events", await scopedHeader("org-a", "viewer", ["p2"]));
    assert.deepEqual(assertSuccess(scoped, 200).map((e: { qbo_id: string }) => e.qbo_id), ["59"]);

    for (
      const [query, path] of [["after_seq=-1", "query.after_seq"], ["limit=501", "query.limit"], [
        "afterSeq=1",
        "query.afterSeq",
      ]]
    ) {
      assert.deepEqual(
        validationPaths(await send(svc.app, "GET", `/sync/events?${query}`, h)),
        [path],
        query,
      );
    }
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncRoutes GET /sync/reviews lists the review queue by status, never another organization's", async () => {
  const svc = await startTestService();
  try {
    const review = (orgId: string, recordId: string) => ({
      id: `rev-${recordId}`,
      orgId,
      realmId: SEEDED_REALM,
      entityType: "Customer",
      recordId,
      qboId: `q-${recordId}`,
      conflicts: [{ path: "DisplayName", base: "A", estatecore: "B", quickbooks: "C" }],
      quickbooksSnapshot: { Id: `q-${recordId}`, SyncToken: "3" },
      createdAt: NOW,
    });
    await svc.syncData.reviews.open(review("org-a", "t1"));
    await svc.syncData.reviews.open(review("org-a", "t2"));
    await svc.syncData.reviews.open(review("org-b", "t3"));
    await svc.syncData.reviews.resolve("org-a", "rev-t2", "quickbooks", NOW);

    const h = await authHeader("org-a", "viewer");
    const all = assertSuccess(await send(svc.app, "GET", "/sync/reviews", h), 200);
    assert.deepEqual(all.map((r: { id: string }) => r.id).sort(), ["rev-t1", "rev-t2"]);
    const open = assertSuccess(await send(svc.app, "GET", "/sync/reviews?status=open", h), 200);
    assert.deepEqual(open, [{
      id: "rev-t1",
      realm_id: SEEDED_REALM,
      entity_type: "Customer",
      record_id: "t1",
      qbo_id: "q-t1",
      conflicts: [{ path: "DisplayName", base: "A", estatecore: "B", quickbooks: "C" }],
      status: "open",
      resolution: null,
      created_at: NOW,
      resolved_at: null,
    }]);
    const resolved = assertSuccess(await send(svc.app, "GET", "/sync/reviews?status=resolved", h), 200);
    assert.deepEqual(resolved.map((r: { id: string; resolution: string }) => [r.id, r.resolution]), [[
      "rev-t2",
      "quickbooks",
    ]]);
    assert.doesNotMatch(JSON.stringify(all), /SyncToken/, "the QuickBooks snapshot stays internal");
    assert.deepEqual(validationPaths(await send(svc.app, "GET", "/sync/reviews?status=closed", h)), [
      "query.status",
    ]);
  } finally {
    await svc.close();
  }
});
