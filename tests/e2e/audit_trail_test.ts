/**
 * Issue 16's "done when": the first hour of a user, end to end over HTTP against the built-in
 * emulator (register, settings, connect, mappings, mapping rules, intake, push, a conflict resolved,
 * reconcile and resolve, an automation run, a deletion, an export, disconnect), leaves an audit
 * entry for every kind of operation, each by the right actor, and the trail verifies.
 */
import assert from "node:assert/strict";
import {
  api,
  connectWithMappings,
  editInQuickBooks,
  loadSamplePortfolio,
  runJob,
  startService,
  token,
} from "../support/e2e_service.ts";

/** Every action this flow must leave in the trail; the test fails on any one missing. */
const EXPECTED = [
  "organization.registered",
  "settings.sync_updated",
  "connection.connected",
  "mapping.defaults_updated",
  "settings.mapping_rules_updated",
  "records.received",
  "job.started",
  "qbo.batch_written",
  "job.finished",
  "sync.review_resolved",
  "reconciliation.completed",
  "reconciliation.resolved",
  "automation.executed",
  "records.deleted",
  "audit.exported",
  "access.grant_set",
  "api_key.created",
  "api_key.listed",
  "connection.disconnected",
];

Deno.test({
  name: "audit e2e: a user's first hour leaves an entry for every kind of operation, and the trail verifies",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-audited";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "Audited Properties" })).status, 201);
      assert.equal(
        (await api(run, "PUT", "/settings/sync", org, { conflict_resolution: "manual" })).status,
        200,
      );
      const { target } = await connectWithMappings(run, org);
      const rules = await api(run, "PUT", "/settings/mapping-rules", org, {
        invoice_memo_template: "Rent {billing_period}",
      });
      assert.equal(rules.status, 200, JSON.stringify(rules.body));
      const { records } = await loadSamplePortfolio(run, org, {
        properties: 1,
        unitsPerProperty: 2,
        months: 1,
      });
      await runJob(run, org, "push");

      // A conflict: the same tenant's email changed on both sides, resolved for EstateCore.
      const tenant = records.find((r) => r.type === "tenant")!.data as { id: string };
      await api(run, "PUT", `/records/tenant/${tenant.id}`, org, {
        ...tenant,
        email: "ours@estatecore.example",
      });
      await editInQuickBooks(run, target, "Customer", tenant.id, {
        PrimaryEmailAddr: { Address: "theirs@quickbooks.example" },
      });
      await runJob(run, org, "pull");
      const [review] = (await api(run, "GET", "/sync/reviews?status=open", org)).body.data;
      assert.ok(review, "the pull queued the conflict for review");
      const resolved = await api(run, "POST", `/sync/reviews/${review.id}/resolve`, org, {
        side: "estatecore",
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      while (await run.service.worker.runOnce()) { /* the resolution's push */ }

      const report = await api(run, "POST", "/reconcile", org, {});
      assert.equal(report.status, 201, JSON.stringify(report.body));
      assert.equal(
        (await api(run, "POST", `/reconcile/${report.body.data.id}/resolve`, org, {})).status,
        200,
      );
      const automation = await api(run, "POST", "/automation/execute", org, { workflow: "payment_sync" });
      assert.equal(automation.status, 200, JSON.stringify(automation.body));
      const last = records.at(-1)!;
      const removed = await api(
        run,
        "DELETE",
        `/records/${last.type}/${(last.data as { id: string }).id}`,
        org,
      );
      assert.equal(removed.status, 200, JSON.stringify(removed.body));
      const exported = await fetch(`${run.base}/api/quickbooks/audit-trail/export`, {
        headers: { Authorization: `Bearer ${await token(org)}` },
      });
      assert.equal(exported.status, 200);
      await exported.body?.cancel();
      const grant = await api(run, "PUT", "/enterprise/users/user-2/access", org, {
        access_level: "read_only",
      });
      assert.equal(grant.status, 200, JSON.stringify(grant.body));
      const key = await api(run, "POST", "/enterprise/api-keys", org, {
        name: "audited",
        scopes: ["sync:read"],
      });
      assert.equal(key.status, 201, JSON.stringify(key.body));
      assert.equal((await api(run, "GET", "/enterprise/api-keys", org)).status, 200);
      assert.equal((await api(run, "POST", "/disconnect", org, {})).status, 200);

      const seen: { action: string; actor: string; request_id: string | null }[] = [];
      for (let after = 0;;) {
        const page = (await api(run, "GET", `/audit-trail?limit=500&after_seq=${after}`, org)).body.data;
        seen.push(...page.items);
        if (page.next_cursor === null) break;
        after = page.next_cursor;
      }
      const actions = new Set(seen.map((r) => r.action));
      assert.deepEqual(EXPECTED.filter((a) => !actions.has(a)), [], `recorded: ${[...actions].join(", ")}`);
      const byActor = (
        action: string,
      ) => [...new Set(seen.filter((r) => r.action === action).map((r) => r.actor))];
      assert.deepEqual(byActor("qbo.batch_written"), ["system:worker"]);
      assert.deepEqual(byActor("job.finished"), ["system:worker"]);
      assert.deepEqual(byActor("records.received"), ["user:user-1"]);
      assert.ok(
        seen.filter((r) => r.action === "records.received").every((r) => r.request_id !== null),
        "requests are recorded with their request id",
      );
      const secret = key.body.data.secret as string;
      assert.ok(
        secret.length > 20 && !JSON.stringify(seen).includes(secret),
        "no entry holds the key's secret",
      );
      const verified = await api(run, "POST", "/audit-trail/verify", org, {});
      assert.equal(verified.body.data.valid, true, JSON.stringify(verified.body.data));
      assert.equal(verified.body.data.verified, seen.length);
      console.log(`audit e2e: ${seen.length} entries, ${actions.size} kinds of operation, verified`);
    } finally {
      await run.close();
    }
  },
});
