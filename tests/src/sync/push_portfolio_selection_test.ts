/**
 * pushPortfolio restricted to a selection (POST /sync/entity, re-sync of a record), forced
 * rewrites, and the per-record history it leaves, against the emulated QBO.
 */
import assert from "node:assert/strict";
import { SqlSyncHistory } from "../../../adapters/persistence/repositories/sync_history_repository.ts";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../../src/demo/sample_portfolio.ts";
import { dyingGateway } from "../../support/dying_gateway.ts";
import { type QboHarness, startQboHarness } from "../../support/qbo_harness.ts";

const NOW = "2026-04-01T00:00:00.000Z";
const clock = { now: () => new Date(NOW) };

async function setUp(options: { bills?: boolean } = {}) {
  const h = await startQboHarness();
  const records = samplePortfolio({ properties: 2, unitsPerProperty: 2, months: 2, ...options });
  await h.mirror.upsertMany("org-1", records, NOW);
  await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
  let ids = 0;
  const history = new SqlSyncHistory(h.database, { newId: () => `h-${++ids}` });
  return { h, history, deps: { ...h, history, clock } };
}

/** A claimed job, so the push records its history under the job's id. */
async function claimedJob(h: QboHarness) {
  await h.jobs.enqueue({ jobType: "sync.run", orgId: "org-1", realmId: h.realmId, payload: {} }, NOW);
  const job = await h.jobs.claim("w-1", 600_000, NOW);
  return { jobId: job!.id, workerId: "w-1" };
}

const count = async (h: QboHarness, entityName: string) =>
  (await h.gateway.query(h.target, { entityName })).length;

Deno.test("pushPortfolio with `only` writes the selected payment and what it needs that QBO lacks, nothing else", async () => {
  const { h, history, deps } = await setUp();
  try {
    const job = await claimedJob(h);
    const report = await pushPortfolio(deps, h.target, {
      job,
      only: { record_types: [], records: [{ record_type: "payment", record_id: "pay_1_1_01" }] },
    });
    assert.deepEqual(report.failed, []);
    assert.deepEqual(report.blocked, [], "the selection's dependencies were all written");
    assert.equal(await count(h, "Payment"), 1);
    assert.equal(await count(h, "Invoice"), 1, "only the invoice the payment pays");
    assert.equal(await count(h, "Customer"), 1, "only the paying tenant");
    const customer = (await h.gateway.query(h.target, { entityName: "Customer" }))[0];
    assert.equal((await h.links.get("org-1", h.realmId, "Customer", "ten_1_1"))?.qboId, customer.Id);
    assert.equal(await h.links.get("org-1", h.realmId, "Customer", "ten_1_2"), null);

    const entries = (await history.list("org-1", { jobId: job.jobId, limit: 100 })).entries;
    const of = (type: string) =>
      entries.filter((e) => e.recordType === type).map((e) => `${e.recordId}:${e.outcome}`);
    assert.deepEqual(of("payment"), ["pay_1_1_01:created"]);
    assert.deepEqual(of("charge").sort(), ["chg_dep_1_1:created", "chg_rent_1_1_01:created"]);
    assert.deepEqual(of("tenant"), ["ten_1_1:created"]);
    assert.ok(
      entries.every((e) => e.propertyId === "prop_1" || e.recordType === "item"),
      "property per record",
    );
    assert.ok(entries.filter((e) => e.recordType === "item").length >= 2);

    // The rest of the portfolio still syncs normally afterwards, without duplicating anything.
    const rest = await pushPortfolio(deps, h.target);
    assert.deepEqual(rest.failed, []);
    assert.equal(await count(h, "Customer"), 4);
    assert.equal(await count(h, "Invoice"), 8);
  } finally {
    await h.close();
  }
});

Deno.test("pushPortfolio with `force` rewrites an unchanged record, repairing an edit made in QBO", async () => {
  const { h, deps } = await setUp();
  try {
    await pushPortfolio(deps, h.target);
    const link = (await h.links.get("org-1", h.realmId, "Customer", "ten_2_1"))!;
    const before = (await h.gateway.read(h.target, "Customer", link.qboId))!;
    const edit = await h.gateway.writeBatch(h.target, [{
      key: "e",
      entityName: "Customer",
      operation: "update",
      payload: { Id: link.qboId, SyncToken: before.SyncToken, sparse: true, DisplayName: "Edited In QBO" },
    }], "edit-in-qbo-1");
    assert.ok(edit.results[0].ok);
    const only = { record_types: [], records: [{ record_type: "tenant", record_id: "ten_2_1" }] };

    const plain = await pushPortfolio(deps, h.target, { only });
    assert.equal(plain.writes, 0, "without force an unchanged record is skipped");
    const forced = await pushPortfolio(deps, h.target, { only, force: true });
    assert.deepEqual(forced.failed, []);
    assert.equal(forced.updated, 1, "exactly the forced record is written");
    const after = (await h.gateway.read(h.target, "Customer", link.qboId))!;
    assert.equal(after.DisplayName, before.DisplayName);
    const again = await pushPortfolio(deps, h.target, { only });
    assert.equal(again.writes, 0, "the forced write left a current link");
  } finally {
    await h.close();
  }
});

Deno.test("pushPortfolio history keeps QBO's fault code of a refused write and the records it blocked", async () => {
  const { h, history, deps } = await setUp({ bills: true });
  try {
    // A customer already named like the vendor: QBO refuses the vendor (DisplayName unique, 6240).
    const taken = await h.gateway.writeBatch(h.target, [{
      key: "c",
      entityName: "Customer",
      operation: "create",
      payload: { DisplayName: "Acme Plumbing" },
    }], "taken-name-1");
    assert.ok(taken.results[0].ok);
    const job = await claimedJob(h);
    const report = await pushPortfolio(deps, h.target, {
      job,
      only: { record_types: [], records: [{ record_type: "expense", record_id: "exp_1_02" }] },
    });
    assert.deepEqual(report.failed.map((f) => [f.entityType, f.recordId, f.code, f.qboCode]), [
      ["Vendor", "ven_1", "QB004", "6240"],
    ]);
    assert.equal(await count(h, "Bill"), 0);
    const failures = await history.list("org-1", { jobId: job.jobId, outcomes: ["failed"], limit: 10 });
    assert.deepEqual(
      failures.entries.map((e) => [e.recordType, e.recordId, e.errorCode, e.qboCode, e.propertyId]),
      [["vendor", "ven_1", "QB004", "6240", null]],
    );
    assert.match(failures.entries[0].message ?? "", /./);
    const blocked = await history.list("org-1", { jobId: job.jobId, outcomes: ["blocked"], limit: 10 });
    assert.deepEqual(blocked.entries.map((e) => [e.recordType, e.recordId, e.propertyId]), [
      ["expense", "exp_1_02", "prop_1"],
    ]);
    assert.match(blocked.entries[0].message ?? "", /Vendor of vendor ven_1/);
  } finally {
    await h.close();
  }
});

Deno.test("pushPortfolio history of a job killed and resumed counts every record once", async () => {
  const { h, history, deps } = await setUp();
  try {
    const job = await claimedJob(h);
    // Killed right after QBO executed the 3rd batch (answers lost), then resumed under the same job.
    await assert.rejects(
      pushPortfolio({ ...deps, gateway: dyingGateway(h.gateway, 3, "killed") }, h.target, { job }),
      (e) => e instanceof Error && e.message === "killed",
    );
    const report = await pushPortfolio(deps, h.target, { job });
    assert.deepEqual(report.failed, []);
    const entries = (await history.list("org-1", { jobId: job.jobId, limit: 500 })).entries;
    const keys = entries.map((e) => `${e.entityType}/${e.syncRecordId}/${e.recordType}/${e.recordId}`);
    assert.equal(new Set(keys).size, keys.length, "no record counted twice");
    const links = await h.links.listForRealm("org-1", h.realmId);
    const written = new Set(entries.map((e) => `${e.entityType}/${e.syncRecordId}`));
    for (const link of links) {
      if (link.entityType === "Invoice" || link.entityType === "Customer" || link.entityType === "Payment") {
        assert.ok(written.has(`${link.entityType}/${link.recordId}`), `history of ${link.recordId}`);
      }
    }
    assert.ok(entries.every((e) => e.outcome !== "failed" && e.outcome !== "blocked"));
  } finally {
    await h.close();
  }
});

Deno.test("pushPortfolio re-sync of a deleted record removes its QBO object", async () => {
  const { h, history, deps } = await setUp();
  try {
    await pushPortfolio(deps, h.target);
    assert.equal((await h.links.get("org-1", h.realmId, "Payment", "pay_2_2_02"))?.state, "active");
    await h.mirror.markDeleted("org-1", "payment", "pay_2_2_02", NOW);
    const job = await claimedJob(h);
    const report = await pushPortfolio(deps, h.target, {
      job,
      only: { record_types: [], records: [{ record_type: "payment", record_id: "pay_2_2_02" }] },
    });
    assert.equal(report.removed, 1);
    assert.equal(report.writes, 1, "nothing but the deleted payment");
    const link = (await h.links.get("org-1", h.realmId, "Payment", "pay_2_2_02"))!;
    assert.notEqual(link.state, "active");
    const entries = (await history.list("org-1", { jobId: job.jobId, limit: 10 })).entries;
    assert.deepEqual(entries.map((e) => [e.recordType, e.recordId, e.outcome]), [[
      "payment",
      "pay_2_2_02",
      "removed",
    ]]);
  } finally {
    await h.close();
  }
});
