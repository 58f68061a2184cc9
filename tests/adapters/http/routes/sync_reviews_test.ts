import assert from "node:assert/strict";
import { SEEDED_REALM } from "../../../support/connection_rows.ts";
import { connectCompany, startLoopbackService } from "../../../support/loopback_service.ts";
import {
  accessAnswers,
  assertFailure,
  assertSuccess,
  declaredPermission,
  expectedAccess,
  scopedHeader,
  send,
  validationPaths,
} from "../../../support/route_checks.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

type Svc = Awaited<ReturnType<typeof startTestService>>;

const TENANTS = {
  records: [
    { type: "property", data: { id: "p1", organization_id: "org-a", name: "Maple Court" } },
    { type: "property", data: { id: "p2", organization_id: "org-a", name: "Oak Plaza" } },
    {
      type: "tenant",
      data: {
        id: "t1",
        first_name: "Ann",
        last_name: "Lee",
        property_id: "p1",
        email: "ann@estatecore.example",
      },
    },
    { type: "tenant", data: { id: "t2", first_name: "Bo", last_name: "Ng", property_id: "p2" } },
  ],
};
const CONFLICT = {
  path: "PrimaryEmailAddr.Address",
  base: null,
  estatecore: "ann@estatecore.example",
  quickbooks: "ann@qbo.example",
};

/** A review of tenant `recordId`'s customer, optionally with the link the pull would have stored. */
async function seedReview(
  svc: Svc,
  id: string,
  recordId: string,
  options: { realmId?: string; qboId?: string; link?: boolean } = {},
) {
  const realmId = options.realmId ?? SEEDED_REALM;
  const qboId = options.qboId ?? "58";
  const now = svc.clock.now().toISOString();
  if (options.link) {
    await svc.syncData.links.saveBatch("org-a", realmId, [{
      recordId,
      entityType: "Customer",
      qboId,
      syncToken: "0",
      fingerprint: "before-the-conflict",
      baseSnapshot: { DisplayName: "Ann Lee" },
      state: "active",
      recordVersion: 1,
    }], now);
  }
  await svc.syncData.reviews.open({
    id,
    orgId: "org-a",
    realmId,
    entityType: "Customer",
    recordId,
    qboId,
    conflicts: [CONFLICT],
    quickbooksSnapshot: { Id: qboId, SyncToken: "0" },
    createdAt: now,
  });
}

Deno.test("registerSyncReviewRoutes POST /sync/reviews/{review_id}/resolve answers NOT_FOUND, CONFLICT and VALIDATION_FAILED", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "accountant");
    await send(svc.app, "POST", "/records/bulk", await authHeader("org-a", "admin"), TENANTS);
    const unknown = await send(svc.app, "POST", "/sync/reviews/rev-404/resolve", h, { side: "estatecore" });
    assert.deepEqual(assertFailure(unknown, 404, "NOT_FOUND").details, { review_id: "rev-404" });

    await seedReview(svc, "rev-unlinked", "t1");
    const unlinked = await send(svc.app, "POST", "/sync/reviews/rev-unlinked/resolve", h, {
      side: "estatecore",
    });
    assert.deepEqual(assertFailure(unlinked, 409, "CONFLICT").details, {
      review_id: "rev-unlinked",
      link_state: null,
    });

    await seedReview(svc, "rev-done", "t2", { link: true });
    await svc.syncData.reviews.resolve("org-a", "rev-done", "quickbooks", svc.clock.now().toISOString());
    const done = await send(svc.app, "POST", "/sync/reviews/rev-done/resolve", h, { side: "estatecore" });
    assert.deepEqual(assertFailure(done, 409, "CONFLICT").details, {
      review_id: "rev-done",
      resolution: "quickbooks",
    });

    const scoped = await send(
      svc.app,
      "POST",
      "/sync/reviews/rev-done/resolve",
      await scopedHeader("org-a", "accountant", ["p1"]),
      { side: "estatecore" },
    );
    assert.deepEqual(assertFailure(scoped, 403, "FORBIDDEN").details, {
      permission: "conflicts:resolve",
      reason: "property_out_of_scope",
    });
    const otherOrg = await send(
      svc.app,
      "POST",
      "/sync/reviews/rev-unlinked/resolve",
      await authHeader("org-b"),
      {
        side: "estatecore",
      },
    );
    assertFailure(otherOrg, 404, "NOT_FOUND");

    const bodies: [unknown, string[]][] = [
      [{}, ["json.side"]],
      [{ side: "both" }, ["json.side"]],
      [{ side: "estatecore", push_now: "yes" }, ["json.push_now"]],
      [{ side: "estatecore", pushNow: false }, ["json.pushNow"]],
    ];
    for (const [body, paths] of bodies) {
      const res = await send(svc.app, "POST", "/sync/reviews/rev-unlinked/resolve", h, body);
      assert.deepEqual(validationPaths(res), paths, JSON.stringify(body));
    }
    const longId = await send(svc.app, "POST", `/sync/reviews/${"r".repeat(65)}/resolve`, h, {
      side: "estatecore",
    });
    assert.deepEqual(validationPaths(longId), ["param.review_id"]);
    const open = assertSuccess(await send(svc.app, "GET", "/sync/reviews?status=open", h), 200);
    assert.deepEqual(open.map((r: { id: string }) => r.id), ["rev-unlinked"], "no refusal resolved anything");
  } finally {
    await svc.close();
  }
});

Deno.test("registerSyncReviewRoutes declares conflicts:resolve: property managers, viewers and the platform are refused", async () => {
  const svc = await startTestService();
  try {
    assert.equal(
      await declaredPermission(svc.app, "POST", "/sync/reviews/{review_id}/resolve"),
      "conflicts:resolve",
    );
    assert.deepEqual(
      await accessAnswers(svc.app, "POST", "/sync/reviews/rev-1/resolve", { side: "nobody" }),
      expectedAccess("conflicts:resolve", "400 VALIDATION_FAILED"),
    );
  } finally {
    await svc.close();
  }
});

Deno.test({
  name: "registerSyncReviewRoutes resolves against the QuickBooks object as it is now, either side",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const svc = await startLoopbackService();
    try {
      const realmId = await connectCompany(svc);
      const h = await authHeader("org-a", "accountant");
      await send(svc.app, "POST", "/records/bulk", await authHeader("org-a", "admin"), TENANTS);
      const created = await svc.quickbooks.gateway.writeBatch({ orgId: "org-a", realmId }, [{
        key: "c",
        entityName: "Customer",
        operation: "create",
        payload: { DisplayName: "Ann Lee", PrimaryEmailAddr: { Address: "ann@qbo.example" } },
      }], "route-test-customer");
      const result = created.results[0];
      assert.ok(result.ok, JSON.stringify(result));
      const qboId = String(result.object.Id);

      await seedReview(svc, "rev-ours", "t1", { realmId, qboId, link: true });
      const ours = assertSuccess(
        await send(svc.app, "POST", "/sync/reviews/rev-ours/resolve", h, { side: "estatecore" }),
        200,
      );
      assert.deepEqual(
        [ours.review.id, ours.review.status, ours.review.resolution],
        ["rev-ours", "resolved", "estatecore"],
      );
      assert.ok(
        ours.fields_to_quickbooks.includes("PrimaryEmailAddr"),
        JSON.stringify(ours.fields_to_quickbooks),
      );
      assert.deepEqual(ours.fields_to_estatecore, []);
      assert.deepEqual(
        [ours.push_job?.type, ours.push_job?.status],
        ["sync.run", "queued"],
        "pushed at once",
      );
      const again = await send(svc.app, "POST", "/sync/reviews/rev-ours/resolve", h, { side: "quickbooks" });
      assert.equal(assertFailure(again, 409, "CONFLICT").details?.resolution, "estatecore");

      await seedReview(svc, "rev-theirs", "t1", { realmId, qboId });
      const theirs = assertSuccess(
        await send(svc.app, "POST", "/sync/reviews/rev-theirs/resolve", h, {
          side: "quickbooks",
          push_now: false,
        }),
        200,
      );
      assert.deepEqual([theirs.review.resolution, theirs.push_job], ["quickbooks", null]);
      const events = assertSuccess(await send(svc.app, "GET", "/sync/events", h), 200);
      assert.deepEqual(
        events.map((e: { event: string; details: { review_id: string } }) => [e.event, e.details.review_id]),
        [["quickbooks.review_resolved", "rev-theirs"]],
      );

      await seedReview(svc, "rev-gone", "t2", { realmId, qboId: "999999", link: true });
      const gone = await send(svc.app, "POST", "/sync/reviews/rev-gone/resolve", h, { side: "estatecore" });
      assert.deepEqual(assertFailure(gone, 409, "CONFLICT").details, {
        review_id: "rev-gone",
        qbo_id: "999999",
      });
    } finally {
      await svc.close();
    }
  },
});
