/**
 * pushPortfolio when QuickBooks answers with an id the service already links to another record
 * (seen after the emulator lost acknowledged writes and re-issued their ids): that record stops
 * with QBO_ID_ALREADY_LINKED and asks for reconciliation, the job goes on with the others.
 */
import assert from "node:assert/strict";
import { SqlSyncHistory } from "../../../adapters/persistence/repositories/sync_history_repository.ts";
import type { QuickBooksGateway } from "../../../domain/ports/quickbooks_gateway.ts";
import type { MirrorWrite } from "../../../domain/ports/record_mirror.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../../src/demo/sample_portfolio.ts";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { withWriteBatch } from "../../support/intercepted_gateway.ts";
import { startQboHarness } from "../../support/qbo_harness.ts";

const NOW = "2026-04-01T00:00:00.000Z";
const clock = { now: () => new Date(NOW) };

function tenant(id: string, first: string, last: string): MirrorWrite {
  return {
    recordType: "tenant",
    recordId: id,
    propertyId: "prop_1",
    data: { id, first_name: first, last_name: last, property_id: "prop_1", unit_id: "unit_1_1" },
  };
}

/** The real gateway, except that the Customer created for `lastName` comes back with id `reissued`. */
function reissuingGateway(g: QuickBooksGateway, lastName: string, reissued: () => string): QuickBooksGateway {
  return withWriteBatch(g, async (t, items, requestId) => {
    const outcome = await g.writeBatch(t, items, requestId);
    const swapped = new Set(
      items.filter((i) =>
        i.entityName === "Customer" && i.operation === "create" &&
        String(i.payload.DisplayName ?? "").includes(lastName)
      ).map((i) => i.key),
    );
    return {
      ...outcome,
      results: outcome.results.map((r) =>
        r.ok && swapped.has(r.key) ? { ...r, object: { ...r.object, Id: reissued() } } : r
      ),
    };
  });
}

Deno.test("pushPortfolio stops a record QuickBooks answered with an id linked to another record, and goes on", async () => {
  const h = await startQboHarness();
  try {
    await h.mirror.upsertMany(
      "org-1",
      samplePortfolio({ properties: 1, unitsPerProperty: 2, months: 1 }),
      NOW,
    );
    await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
    let ids = 0;
    const history = new SqlSyncHistory(h.database, { newId: () => `h-${++ids}` });
    const deps = { ...h, history, clock };
    const first = await pushPortfolio(deps, h.target);
    assert.deepEqual(first.failed, []);
    const holder = (await h.links.get("org-1", h.realmId, "Customer", "ten_1_1"))!;

    await h.mirror.upsertMany("org-1", [
      tenant("ten_new_a", "Ada", "Newcomer"),
      tenant("ten_new_b", "Bo", "Fresh"),
    ], NOW);
    await h.jobs.enqueue({ jobType: "sync.run", orgId: "org-1", realmId: h.realmId, payload: {} }, NOW);
    const claimed = (await h.jobs.claim("w-1", 600_000, NOW))!;
    const job = { jobId: claimed.id, workerId: "w-1" };

    const report = await pushPortfolio(
      { ...deps, gateway: reissuingGateway(h.gateway, "Newcomer", () => holder.qboId) },
      h.target,
      { job },
    );

    assert.deepEqual(report.failed.map((f) => [f.entityType, f.recordId, f.qboId, f.code]), [
      ["Customer", "ten_new_a", holder.qboId, "QBO_ID_ALREADY_LINKED"],
    ]);
    assert.match(report.failed[0].message, new RegExp(`already linked to record ten_1_1.*reconcile`));
    assert.deepEqual(
      report.failedRecords.map((f) => [f.recordId, f.code, f.details]),
      [["ten_new_a", "QBO_ID_ALREADY_LINKED", {
        entity_type: "Customer",
        qbo_id: holder.qboId,
        record_id: "ten_new_a",
        linked_record_id: "ten_1_1",
      }]],
      "the job's failed records name both records",
    );
    assert.equal(report.progress.failed, 1, "the record counts as failed, not done");
    assert.equal(
      report.progress.done + report.progress.failed + report.progress.skipped,
      report.progress.total,
    );

    assert.equal(await h.links.get("org-1", h.realmId, "Customer", "ten_new_a"), null, "not linked");
    assert.deepEqual(
      await h.links.get("org-1", h.realmId, "Customer", "ten_1_1"),
      holder,
      "the holder's link is untouched",
    );
    const other = await h.links.get("org-1", h.realmId, "Customer", "ten_new_b");
    assert.ok(other && other.qboId !== holder.qboId, "the other new tenant synced in the same job");

    const stored = (await h.jobs.get(job.jobId))!;
    assert.equal(stored.status, "running", "the job was not killed");
    assert.equal(stored.leaseOwner, "w-1");

    const entries = (await history.list("org-1", { jobId: job.jobId, limit: 50 })).entries;
    const of = (recordId: string) =>
      entries.filter((e) => e.recordId === recordId).map((e) => [e.outcome, e.errorCode, e.qboId]);
    assert.deepEqual(of("ten_new_a"), [["failed", "QBO_ID_ALREADY_LINKED", holder.qboId]]);
    assert.deepEqual(of("ten_new_b"), [["created", null, other.qboId]]);
  } finally {
    await h.close();
  }
});
