/**
 * A record deleted through the intake and sent again, through the HTTP API with the worker and the
 * emulator mounted in the service: its QuickBooks object is reactivated in place and what waited for
 * it syncs again (issue 14: "Waits for Customer of property prop_2 (not in QuickBooks yet)" forever).
 */
import assert from "node:assert/strict";
import { api, connectWithMappings, loadSamplePortfolio, startService } from "../support/e2e_service.ts";

type Entry = { record_type: string; record_id: string; outcome: string; error: { message: string } | null };

Deno.test({
  name:
    "re-created property e2e: DELETE then PUT again reactivates its parent customer; its tenant syncs again",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-recreate";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "Phoenix Homes" })).status, 201);
      const { target, gateway, mappings } = await connectWithMappings(run, org);
      assert.equal(mappings.status, 200);
      const tracking = await api(run, "PUT", "/settings/sync", org, { property_tracking: "parent_customer" });
      assert.equal(tracking.status, 200, JSON.stringify(tracking.body));
      const { records, intake } = await loadSamplePortfolio(run, org, {
        properties: 2,
        unitsPerProperty: 1,
        months: 1,
      });
      assert.equal(intake.status, 200);
      const push = async () => {
        const queued = await api(run, "POST", "/sync", org, { direction: "push" });
        assert.equal(queued.status, 202, JSON.stringify(queued.body));
        assert.equal(await run.service.worker.runOnce(), true);
        return (await api(run, "GET", `/sync/jobs/${queued.body.data.id}`, org)).body.data;
      };
      const history = async (jobId: string) =>
        (await api(run, "GET", `/sync/history?job_id=${jobId}&limit=500`, org)).body.data.entries as Entry[];
      const first = await push();
      assert.equal(first.status, "succeeded", JSON.stringify(first));
      const links = run.service.syncData.links;
      const parent = (await links.get(org, target.realmId, "Customer", "property:prop_2"))!;
      const customer = () => gateway.read(target, "Customer", parent.qboId);
      const name = (await customer())!.DisplayName;

      const deleted = await api(run, "DELETE", "/records/property/prop_2", org);
      assert.equal(deleted.status, 200);
      const removal = await push();
      assert.deepEqual(removal.result.push.failed, []);
      assert.equal((await customer())!.Active, false);
      assert.deepEqual(
        (await history(removal.id)).filter((e) => e.outcome === "blocked").map((
          e,
        ) => [e.record_id, e.error?.message]),
        [["ten_2_1", "Waits for Customer of property prop_2 (not in QuickBooks yet)"]],
      );

      const sentAgain = records.find((r) =>
        r.type === "property" && (r.data as { id: string }).id === "prop_2"
      )!.data;
      const put = await api(run, "PUT", "/records/property/prop_2", org, sentAgain);
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const back = await push();
      assert.equal(back.status, "succeeded", JSON.stringify(back));
      assert.equal(back.result.push.blocked, 0);
      const now = (await customer())!;
      assert.equal(now.Active, true, "reactivated");
      assert.equal(now.DisplayName, name, "under its own name again, not '... (deleted)'");
      assert.equal((await links.get(org, target.realmId, "Customer", "property:prop_2"))!.state, "active");
      const entries = await history(back.id);
      assert.ok(
        entries.some((e) =>
          e.record_type === "property" && e.record_id === "prop_2" && e.outcome === "updated"
        ),
        JSON.stringify(entries),
      );
      assert.deepEqual(entries.filter((e) => e.outcome === "blocked"), []);
      assert.equal(
        (await gateway.query(target, { entityName: "Customer" })).length,
        4,
        "nothing created twice",
      );

      const again = await push();
      assert.equal(again.result.push.write_calls, 0, "in sync: the next push writes nothing");
    } finally {
      await run.close();
    }
  },
});
