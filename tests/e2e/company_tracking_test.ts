/**
 * Tracking follows the company (issue 12): the company's preferences are re-read at connect, before
 * every sync and on demand; an organization that never chose a property tracking gets one its
 * company supports; and a push never sends tracking the company has turned off: it stops with
 * TRACKING_NOT_SUPPORTED, writes nothing, and `/status` says what to switch on.
 */
import assert from "node:assert/strict";
import {
  api,
  connect,
  connectWithMappings,
  loadSamplePortfolio,
  type Running,
  startService,
} from "../support/e2e_service.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

/** Turns a tracking switch of the company on or off, as its owner would in QuickBooks' settings. */
function setTracking(
  run: Running,
  realmId: string,
  prefs: { ClassTrackingPerTxnLine?: boolean; TrackDepartments?: boolean },
) {
  const ops = run.service.emulator!.companies.operations(realmId)!;
  const current = ops.readSingleton("Preferences") as Json;
  ops.updateSingleton("Preferences", {
    ...current,
    AccountingInfoPrefs: { ...current.AccountingInfoPrefs, ...prefs },
  });
}

async function pushAndWait(run: Running, org: string): Promise<Json> {
  const queued = await api(run, "POST", "/sync", org, { direction: "push" });
  assert.equal(queued.status, 202, JSON.stringify(queued.body));
  await run.service.worker.runOnce();
  return (await api(run, "GET", `/sync/jobs/${queued.body.data.id}`, org)).body.data;
}

Deno.test({
  name: "company tracking: a company without class tracking gets location tracking by default, audited",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-track-default";
      await api(run, "PUT", "/organization", org, { name: "Location Tracked" });
      const before = await api(run, "GET", "/settings/sync", org);
      assert.equal(before.body.data.property_tracking, "class", "no company known yet");
      assert.deepEqual(before.body.data.chosen, []);

      const { realmId } = run.service.emulator!.companies.createCompany({
        companyName: "No Classes LLC",
        classTracking: false,
        locationTracking: true,
      });
      const connected = await connect(run, org, realmId);
      assert.equal(connected.status, 200, JSON.stringify(connected.body));

      const after = await api(run, "GET", "/settings/sync", org);
      assert.equal(after.body.data.property_tracking, "location");
      assert.ok(after.body.data.chosen.includes("property_tracking"), "settled at connect");
      const status = (await api(run, "GET", "/status", org)).body.data;
      assert.deepEqual(status.tracking, { class: false, location: true });
      assert.equal(status.tracking_problem, null);
      const audit = (await api(run, "GET", "/audit", org)).body.data as Json[];
      const defaulted = audit.find((r) => r.action === "settings.tracking_defaulted");
      assert.ok(defaulted, JSON.stringify(audit.map((r) => r.action)));
      assert.equal(defaulted.details.property_tracking, "location");

      // A setting the caller did not send is never the reason a change fails.
      const other = await api(run, "PUT", "/settings/sync", org, { auto_sync_enabled: true });
      assert.equal(other.status, 200, JSON.stringify(other.body));
      const classOff = await api(run, "PUT", "/settings/sync", org, { property_tracking: "class" });
      assert.equal(classOff.status, 400);
      assert.match(classOff.body.error.message, /Track classes/);
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name:
    "company tracking: class tracking turned off in QuickBooks stops the push with a code; turned on, it syncs",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-track-off";
      await api(run, "PUT", "/organization", org, { name: "Class Tracked" });
      const { target, gateway } = await connectWithMappings(run, org);
      const { records, intake } = await loadSamplePortfolio(run, org, {
        properties: 1,
        unitsPerProperty: 2,
        months: 1,
      });
      assert.equal(intake.status, 200, JSON.stringify(intake.body));
      const first = await pushAndWait(run, org);
      assert.equal(first.status, "succeeded", JSON.stringify(first));
      assert.equal((await api(run, "GET", "/settings/sync", org)).body.data.property_tracking, "class");

      // The owner turns class tracking off; a tenant changes meanwhile.
      setTracking(run, target.realmId, { ClassTrackingPerTxnLine: false });
      const tenant = records.find((r) => r.type === "tenant")!;
      const tenantId = String((tenant.data as { id: string }).id);
      const renamed = { ...tenant.data, email: "moved@example.com" };
      const put = await api(run, "PUT", `/records/tenant/${tenantId}`, org, renamed);
      assert.ok(put.status === 200 || put.status === 201, JSON.stringify(put.body));

      const refused = await pushAndWait(run, org);
      assert.equal(refused.status, "dead", JSON.stringify(refused));
      assert.equal(refused.attempts, 1, "a configuration problem is not retried");
      assert.equal(refused.error.code, "TRACKING_NOT_SUPPORTED");
      assert.match(refused.error.message, /Track classes/);
      const link = await run.service.syncData.links.get(
        org,
        target.realmId,
        "Customer",
        tenantId,
      );
      const customer = await gateway.read(target, "Customer", link!.qboId);
      assert.notEqual(
        (customer as Json).PrimaryEmailAddr?.Address,
        "moved@example.com",
        "nothing was written",
      );

      const status = (await api(run, "GET", "/status", org)).body.data;
      assert.deepEqual(status.tracking, { class: false, location: true }, "re-read before the sync");
      assert.equal(status.tracking_problem.code, "TRACKING_NOT_SUPPORTED");
      assert.equal(status.tracking_problem.quickbooks_switch, "Track classes");
      assert.equal(status.ready_for_sync, false);
      const audit = (await api(run, "GET", "/audit", org)).body.data as Json[];
      const changed = audit.find((r) => r.action === "connection.company_profile_changed");
      assert.ok(changed, "the change is audited");
      assert.deepEqual(changed.details.changed, ["class_tracking"]);
      assert.match(changed.actor, /^worker:/);

      // Switched on again, and re-read on demand.
      setTracking(run, target.realmId, { ClassTrackingPerTxnLine: true });
      const refreshed = await api(run, "POST", "/connections/refresh", org, {});
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      assert.deepEqual(refreshed.body.data.changed, ["class_tracking"]);
      assert.equal(refreshed.body.data.connection.tracking_problem, null);
      assert.equal(refreshed.body.data.connection.ready_for_sync, true);
      const again = await api(run, "POST", "/connections/refresh", org);
      assert.deepEqual(again.body.data.changed, [], "nothing changed: nothing written");

      const third = await pushAndWait(run, org);
      assert.equal(third.status, "succeeded", JSON.stringify(third));
      const synced = await gateway.read(target, "Customer", link!.qboId);
      assert.equal((synced as Json).PrimaryEmailAddr?.Address, "moved@example.com");
    } finally {
      await run.close();
    }
  },
});
