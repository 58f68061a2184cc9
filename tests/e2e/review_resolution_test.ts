/**
 * Conflict review through the HTTP API under the `manual` policy: two tenants edited differently
 * in EstateCore and in QuickBooks, a pull queues both for review, a person accepts EstateCore's
 * side for one and QuickBooks' for the other, and after the next two-way sync both systems agree.
 */
import assert from "node:assert/strict";
import {
  api,
  apiWithToken,
  connectWithMappings,
  editInQuickBooks,
  loadSamplePortfolio,
  runJob,
  type Running,
  startService,
  token,
} from "../support/e2e_service.ts";

async function resolveAs(run: Running, org: string, role: string, reviewId: string, body: unknown) {
  return await apiWithToken(run, await token(org, role), "POST", `/sync/reviews/${reviewId}/resolve`, body);
}

Deno.test({
  name:
    "POST /sync/reviews/{id}/resolve: each side wins where chosen and both systems agree after the next sync",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-reviews";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "Review Properties" })).status, 201);
      // Before connecting: the settings are then not checked against the company's tracking options.
      const settings = await api(run, "PUT", "/settings/sync", org, { conflict_resolution: "manual" });
      assert.equal(settings.status, 200, JSON.stringify(settings.body));
      const { target, gateway, mappings } = await connectWithMappings(run, org);
      assert.equal(mappings.status, 200);
      const { records, intake } = await loadSamplePortfolio(run, org, {
        properties: 1,
        unitsPerProperty: 2,
        months: 1,
      });
      assert.equal(intake.status, 200);
      await runJob(run, org, "push");

      const tenants = records.filter((r) => r.type === "tenant").map((r) => r.data as { id: string });
      const [ours, theirs] = tenants.map((t) => t.id);
      const customer = async (tenantId: string) => {
        const link = (await run.service.syncData.links.get(org, target.realmId, "Customer", tenantId))!;
        return (await gateway.read(target, "Customer", link.qboId))!;
      };
      for (const tenant of tenants) {
        const put = await api(run, "PUT", `/records/tenant/${tenant.id}`, org, {
          ...tenant,
          email: `${tenant.id}@estatecore.example`,
        });
        assert.equal(put.status, 200, JSON.stringify(put.body));
        await editInQuickBooks(run, target, "Customer", tenant.id, {
          PrimaryEmailAddr: { Address: `${tenant.id}@quickbooks.example` },
        });
      }

      const pulled = await runJob(run, org, "pull");
      assert.equal(pulled.result.pull.reviews, 2);
      const open = (await api(run, "GET", "/sync/reviews?status=open", org)).body.data as {
        id: string;
        record_id: string;
      }[];
      const reviewOf = (tenantId: string) => open.find((r) => r.record_id === tenantId)!.id;

      const viewer = await resolveAs(run, org, "viewer", reviewOf(ours), { side: "estatecore" });
      assert.equal(viewer.status, 403);
      assert.equal(viewer.body.error.code, "FORBIDDEN");
      const manager = await resolveAs(run, org, "property_manager", reviewOf(ours), { side: "estatecore" });
      assert.equal(manager.status, 403, "resolving conflicts is the books side's decision");
      const unknown = await api(run, "POST", "/sync/reviews/nope/resolve", org, { side: "estatecore" });
      assert.equal(unknown.status, 404);
      const invalid = await api(run, "POST", `/sync/reviews/${reviewOf(ours)}/resolve`, org, {
        side: "both",
      });
      assert.equal(invalid.status, 400);

      const keepOurs = await resolveAs(run, org, "accountant", reviewOf(ours), {
        side: "estatecore",
        push_now: false,
      });
      assert.equal(keepOurs.status, 200, JSON.stringify(keepOurs.body));
      assert.equal(keepOurs.body.data.review.resolution, "estatecore");
      assert.deepEqual(keepOurs.body.data.fields_to_quickbooks, ["PrimaryEmailAddr"]);
      assert.equal(keepOurs.body.data.push_job, null);
      const keepTheirs = await api(run, "POST", `/sync/reviews/${reviewOf(theirs)}/resolve`, org, {
        side: "quickbooks",
      });
      assert.equal(keepTheirs.status, 200, JSON.stringify(keepTheirs.body));
      assert.deepEqual(keepTheirs.body.data.fields_to_estatecore, ["email"]);
      assert.equal(keepTheirs.body.data.push_job, null, "nothing to write for QuickBooks' side");
      const again = await api(run, "POST", `/sync/reviews/${reviewOf(theirs)}/resolve`, org, {
        side: "estatecore",
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, "CONFLICT");

      const synced = await runJob(run, org, "both");
      assert.equal(synced.result.push.updated, 1, "only EstateCore's winner is written");
      assert.deepEqual((await customer(ours)).PrimaryEmailAddr, { Address: `${ours}@estatecore.example` });
      assert.deepEqual((await customer(theirs)).PrimaryEmailAddr, {
        Address: `${theirs}@quickbooks.example`,
      });
      const mirrored = async (id: string) =>
        (await api(run, "GET", `/records/tenant/${id}`, org)).body.data.data;
      assert.equal((await mirrored(ours)).email, `${ours}@estatecore.example`);
      assert.equal((await mirrored(theirs)).email, `${theirs}@quickbooks.example`);

      const quiet = await runJob(run, org, "both");
      assert.equal(quiet.result.push.write_calls, 0, "both sides agree: nothing left to write");
      assert.equal(quiet.result.pull.reviews, 0);
      assert.deepEqual((await api(run, "GET", "/sync/reviews?status=open", org)).body.data, []);
      const events = (await api(run, "GET", "/sync/events", org)).body.data as {
        event: string;
        record_ids: string[];
      }[];
      assert.deepEqual(
        events.filter((e) => e.event === "quickbooks.review_resolved").map((e) => e.record_ids),
        [
          [theirs],
        ],
      );
      const audit = (await api(run, "GET", "/audit", org)).body.data as {
        action: string;
        details: { side: string };
      }[];
      assert.deepEqual(audit.filter((a) => a.action === "sync.review_resolved").map((a) => a.details.side), [
        "estatecore",
        "quickbooks",
      ]);
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name: "POST /sync/reviews/{id}/resolve with push_now queues the push that applies EstateCore's side",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-review-push";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "Review Push" })).status, 201);
      assert.equal(
        (await api(run, "PUT", "/settings/sync", org, { conflict_resolution: "manual" })).status,
        200,
      );
      const { target, gateway } = await connectWithMappings(run, org);
      const { records } = await loadSamplePortfolio(run, org, {
        properties: 1,
        unitsPerProperty: 1,
        months: 1,
      });
      await runJob(run, org, "push");
      const tenant = records.find((r) => r.type === "tenant")!.data as { id: string };
      const link = (await run.service.syncData.links.get(org, target.realmId, "Customer", tenant.id))!;
      await api(run, "PUT", `/records/tenant/${tenant.id}`, org, {
        ...tenant,
        email: "ours@estatecore.example",
      });
      const current = (await gateway.read(target, "Customer", link.qboId))!;
      await gateway.writeBatch(target, [{
        key: "e",
        entityName: "Customer",
        operation: "update",
        payload: {
          Id: current.Id,
          SyncToken: current.SyncToken,
          sparse: true,
          PrimaryEmailAddr: { Address: "theirs@quickbooks.example" },
        },
      }], "someone-in-qbo-email");
      await runJob(run, org, "pull");
      const [review] = (await api(run, "GET", "/sync/reviews?status=open", org)).body.data;

      const resolved = await api(run, "POST", `/sync/reviews/${review.id}/resolve`, org, {
        side: "estatecore",
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      const job = resolved.body.data.push_job;
      assert.equal(job.status, "queued");
      assert.equal(await run.service.worker.runOnce(), true);
      const done = (await api(run, "GET", `/sync/jobs/${job.id}`, org)).body.data;
      assert.equal(done.status, "succeeded");
      assert.equal(done.result.push.updated, 1);
      assert.deepEqual((await gateway.read(target, "Customer", link.qboId))!.PrimaryEmailAddr, {
        Address: "ours@estatecore.example",
      });
    } finally {
      await run.close();
    }
  },
});
