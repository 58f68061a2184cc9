/**
 * Sync history, re-sync of a record and POST /sync/entity through the HTTP API, with the worker
 * running the jobs against the emulator mounted in the service; a property-scoped caller sees and
 * re-syncs only its own properties' records.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import {
  api,
  apiWithToken,
  connectWithMappings,
  loadSamplePortfolio,
  type Running,
  SECRET,
  startService,
} from "../support/e2e_service.ts";

async function asManager(run: Running, method: string, path: string, org: string, body?: unknown) {
  const token = await new SignJWT({ org, role: "property_manager", property_ids: ["prop_2"] })
    .setProtectedHeader({ alg: "HS256" }).setSubject("manager-2").setIssuedAt().setExpirationTime("1h")
    .sign(new TextEncoder().encode(SECRET));
  return await apiWithToken(run, token, method, path, body);
}

type Entry = { record_type: string; record_id: string; outcome: string; property_id: string | null };

Deno.test({
  name: "sync history e2e: POST /sync/entity, GET /sync/history, forced re-sync, bad input, property scope",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const org = "org-history";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "History Homes" })).status, 201);
      const { target, gateway, mappings } = await connectWithMappings(run, org);
      assert.equal(mappings.status, 200);
      const { intake } = await loadSamplePortfolio(run, org, {
        properties: 2,
        unitsPerProperty: 2,
        months: 2,
      });
      assert.equal(intake.status, 200);

      // Bad input is refused with a code and queues nothing.
      const empty = await api(run, "POST", "/sync/entity", org, {});
      assert.equal(empty.status, 400);
      assert.equal(empty.body.error.code, "VALIDATION_FAILED");
      const badType = await api(run, "POST", "/sync/entity", org, { record_types: ["lizard"] });
      assert.equal(badType.status, 400);
      assert.equal(badType.body.error.code, "VALIDATION_FAILED");
      const missing = await api(run, "POST", "/sync/records/tenant/ten_9_9/resync", org, { force: false });
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, "NOT_FOUND");
      const badOutcome = await api(run, "GET", "/sync/history?outcome=exploded", org);
      assert.equal(badOutcome.status, 400);
      assert.equal(badOutcome.body.error.code, "VALIDATION_FAILED");
      assert.deepEqual((await api(run, "GET", "/sync/jobs", org)).body.data, []);

      // Sync one payment now: it brings its invoice, tenant, class and items, nothing else.
      const selection = { records: [{ record_type: "payment", record_id: "pay_1_1_01" }] };
      const queued = await api(run, "POST", "/sync/entity", org, selection);
      assert.equal(queued.status, 202, JSON.stringify(queued.body));
      const same = await api(run, "POST", "/sync/entity", org, selection);
      assert.equal(same.status, 200, "an identical selection returns the queued job");
      assert.equal(same.body.data.id, queued.body.data.id);
      assert.equal(await run.service.worker.runOnce(), true);
      const job = (await api(run, "GET", `/sync/jobs/${queued.body.data.id}`, org)).body.data;
      assert.equal(job.status, "succeeded", JSON.stringify(job));
      assert.deepEqual(job.result.push.failed, []);
      assert.equal((await gateway.query(target, { entityName: "Invoice" })).length, 1);
      assert.equal((await gateway.query(target, { entityName: "Customer" })).length, 1);

      const history = (await api(run, "GET", `/sync/history?job_id=${job.id}`, org)).body.data;
      assert.equal(history.runs.length, 1);
      assert.deepEqual(history.runs[0].selection, { record_types: [], records: selection.records });
      assert.equal(history.runs[0].summary.created, job.result.push.created);
      const outcomes = (history.entries as Entry[]).map((e) =>
        `${e.record_type}:${e.record_id}:${e.outcome}`
      );
      for (
        const expected of [
          "payment:pay_1_1_01:created",
          "charge:chg_rent_1_1_01:created",
          "tenant:ten_1_1:created",
        ]
      ) {
        assert.ok(outcomes.includes(expected), `${expected} in ${outcomes.join(", ")}`);
      }
      const charge =
        (await api(run, "GET", "/sync/history?record_type=charge&record_id=chg_dep_1_1", org)).body.data;
      assert.deepEqual(
        charge.entries.map((e: Entry & { entity_type: string }) => [e.entity_type, e.outcome]),
        [
          ["Invoice", "created"],
        ],
      );
      const paged = (await api(run, "GET", `/sync/history?job_id=${job.id}&limit=2`, org)).body.data;
      assert.equal(paged.entries.length, 2);
      const next =
        (await api(run, "GET", `/sync/history?job_id=${job.id}&limit=500&cursor=${paged.next_cursor}`, org))
          .body.data;
      assert.equal(paged.entries.length + next.entries.length, history.entries.length);
      assert.equal(
        (await api(run, "GET", "/sync/history?outcome=failed,blocked,invalid", org)).body.data.entries.length,
        0,
      );

      // Someone renames the tenant in QuickBooks; a forced re-sync of the tenant puts it back.
      const link = (await run.service.syncData.links.get(org, target.realmId, "Customer", "ten_1_1"))!;
      const original = (await gateway.read(target, "Customer", link.qboId))!;
      const edit = await gateway.writeBatch(target, [{
        key: "e",
        entityName: "Customer",
        operation: "update",
        payload: {
          Id: link.qboId,
          SyncToken: original.SyncToken,
          sparse: true,
          DisplayName: "Renamed In QBO",
        },
      }], "renamed-in-qbo-1");
      assert.ok(edit.results[0].ok);
      const forced = await api(run, "POST", "/sync/records/tenant/ten_1_1/resync", org, { force: true });
      assert.equal(forced.status, 202, JSON.stringify(forced.body));
      await run.service.worker.runOnce();
      const forcedJob = (await api(run, "GET", `/sync/jobs/${forced.body.data.id}`, org)).body.data;
      assert.equal(forcedJob.status, "succeeded", JSON.stringify(forcedJob));
      assert.equal(forcedJob.result.push.updated, 1);
      assert.equal((await gateway.read(target, "Customer", link.qboId))!.DisplayName, original.DisplayName);
      const tenantHistory = (await api(run, "GET", "/sync/history?record_type=tenant&record_id=ten_1_1", org))
        .body.data;
      assert.deepEqual(tenantHistory.entries.map((e: Entry) => e.outcome), ["updated", "created"]);

      // A property manager of prop_2 sees only prop_2's (and organization-wide) entries, no org-wide counts,
      // and may re-sync only prop_2's records.
      const scoped = (await asManager(run, "GET", "/sync/history", org)).body.data;
      assert.ok(scoped.entries.length > 0, "organization-wide entries (items) stay visible");
      assert.ok(
        (scoped.entries as Entry[]).every((e) => e.property_id === null || e.property_id === "prop_2"),
      );
      assert.ok(scoped.runs.every((r: { summary: unknown }) => r.summary === null));
      const foreign = await asManager(run, "POST", "/sync/records/tenant/ten_1_1/resync", org, {});
      assert.equal(foreign.status, 403);
      assert.equal(foreign.body.error.code, "FORBIDDEN");
      const wholeType = await asManager(run, "POST", "/sync/entity", org, { record_types: ["tenant"] });
      assert.equal(wholeType.status, 403);
      const own = await asManager(run, "POST", "/sync/records/tenant/ten_2_1/resync", org, {});
      assert.equal(own.status, 202, JSON.stringify(own.body));
      await run.service.worker.runOnce();
      const ownJob = (await api(run, "GET", `/sync/jobs/${own.body.data.id}`, org)).body.data;
      assert.equal(ownJob.status, "succeeded");
      const mine = (await asManager(run, "GET", `/sync/history?job_id=${own.body.data.id}`, org)).body.data;
      assert.deepEqual((mine.entries as Entry[]).map((e) => `${e.record_type}:${e.record_id}:${e.outcome}`), [
        "tenant:ten_2_1:created",
      ]);
      assert.equal((await gateway.query(target, { entityName: "Customer" })).length, 2);
    } finally {
      await run.close();
    }
  },
});
