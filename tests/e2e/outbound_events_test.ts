/**
 * Issue 17, the event side: what happens to an organization is appended to its outbound event log
 * in the same unit of work as the change, one gap-free sequence, and `GET /events` reads it as a
 * feed: connect, a sync, a reconciliation, a disconnect, each announced once, in order.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import {
  api,
  apiWithToken,
  connectWithMappings,
  loadSamplePortfolio,
  runJob,
  SECRET,
  startService,
} from "../support/e2e_service.ts";

const ORG = "org-events";

Deno.test({
  name:
    "events e2e: connect, sync, reconcile and disconnect are announced once each, in sequence, through GET /events",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      assert.equal((await api(run, "PUT", "/organization", ORG, { name: "Evented Properties" })).status, 201);
      const { target } = await connectWithMappings(run, ORG);
      await loadSamplePortfolio(run, ORG, { properties: 1, unitsPerProperty: 2, months: 1 });
      const job = await runJob(run, ORG, "push");
      const report = await api(run, "POST", "/reconcile", ORG, {});
      assert.equal(report.status, 201, JSON.stringify(report.body));
      assert.equal((await api(run, "POST", "/disconnect", ORG, {})).status, 200);

      // Read the whole feed a page of two at a time, as a receiver catching up would.
      const seen: { id: string; type: string; sequence: number; data: Record<string, unknown> }[] = [];
      let lastSeq = 0;
      for (let after = 0;;) {
        const page = await api(run, "GET", `/events?after=${after}&limit=2`, ORG);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        seen.push(...page.body.data.items);
        lastSeq = page.body.data.last_seq;
        if (page.body.data.next_cursor === null) break;
        after = page.body.data.next_cursor;
      }
      assert.deepEqual(
        seen.map((e) => e.sequence),
        seen.map((_, i) => i + 1),
        "every number once, none missing",
      );
      assert.equal(lastSeq, seen.length);
      assert.equal(new Set(seen.map((e) => e.id)).size, seen.length);
      assert.deepEqual(seen.map((e) => e.type), [
        "connection.connected",
        "sync.run.completed",
        "reconciliation.completed",
        "connection.disconnected",
      ]);
      assert.deepEqual(seen[0].data, {
        realm_id: target.realmId,
        company_name: seen[0].data.company_name,
        reconnected: false,
        link: "/connections",
      });
      assert.deepEqual(
        [seen[1].data.job_id, seen[1].data.status, seen[1].data.failed, seen[1].data.link],
        [job.id, "succeeded", 0, `/sync/jobs/${job.id}`],
      );
      assert.equal(seen[2].data.report_id, report.body.data.id);

      const filtered = await api(
        run,
        "GET",
        "/events?types=connection.connected,connection.disconnected",
        ORG,
      );
      assert.deepEqual(filtered.body.data.items.map((e: { sequence: number }) => e.sequence), [1, 4]);
      const unknown = await api(run, "GET", "/events?types=connection.exploded", ORG);
      assert.deepEqual([unknown.status, unknown.body.error.code], [400, "VALIDATION_FAILED"]);
      assert.deepEqual(
        (await api(run, "GET", "/events?after=4", ORG)).body.data,
        { items: [], next_cursor: null, last_seq: 4 },
      );
      await api(run, "PUT", "/organization", "org-other", { name: "Other" });
      const other = await api(run, "GET", "/events", "org-other");
      assert.equal(other.body.data?.items.length, 0, `per organization: ${JSON.stringify(other.body)}`);

      const scoped = await new SignJWT({ org: ORG, role: "admin", property_ids: ["p1"] })
        .setProtectedHeader({ alg: "HS256" }).setSubject("user-scoped").setIssuedAt().setExpirationTime("1h")
        .sign(new TextEncoder().encode(SECRET));
      const refused = await apiWithToken(run, scoped, "GET", "/events");
      assert.deepEqual([refused.status, refused.body.error.code], [403, "FORBIDDEN"]);
    } finally {
      await run.close();
    }
  },
});
