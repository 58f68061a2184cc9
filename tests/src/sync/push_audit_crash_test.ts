/**
 * Issue 16: every QuickBooks write is in the audit trail, also when the push dies between
 * QuickBooks' answer and the entry (QuickBooks' side of a write cannot share our transaction). The
 * push stops there (nothing after the entry runs: no links stored), as a killed worker would; the
 * retried push sends the same batch under the same requestid, QuickBooks answers it from its
 * requestid cache without writing again, and that answer is recorded.
 */
import assert from "node:assert/strict";
import type { NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../../src/demo/sample_portfolio.ts";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { startQboHarness } from "../../support/qbo_harness.ts";

const NOW = "2026-04-01T00:00:00.000Z";
const CREATED = ["Customer", "Invoice", "Payment"];

Deno.test("push: a crash before a QuickBooks batch is recorded loses no write from the trail and duplicates none", async () => {
  const h = await startQboHarness();
  try {
    const records = samplePortfolio({ properties: 2, unitsPerProperty: 5, months: 2 });
    await h.mirror.upsertMany("org-1", records, NOW);
    await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
    const clock = { now: () => new Date(NOW) };

    let batches = 0;
    const dying = async (record: NewAuditRecord) => {
      if (record.action === "qbo.batch_written" && ++batches === 3) {
        throw new Error("the worker died after QuickBooks answered its third batch");
      }
      await h.audit(record);
    };
    await assert.rejects(pushPortfolio({ ...h, clock, audit: dying }, h.target), /died/);
    const writesAtCrash = h.calls.writes;

    const second = await pushPortfolio({ ...h, clock }, h.target);
    assert.deepEqual(second.failed, []);
    assert.ok(h.calls.writes > writesAtCrash, "the retried push sent the rest");

    const entries = (await h.auditLog.list("org-1", { limit: 1000 })).filter((e) =>
      e.action === "qbo.batch_written"
    );
    const recorded = new Set<string>();
    for (const entry of entries) {
      for (const w of entry.details.writes as { entity: string; qbo_id: string; outcome: string }[]) {
        if (w.outcome === "written") recorded.add(`${w.entity}/${w.qbo_id}`);
      }
    }
    for (const entity of CREATED) {
      const inQuickBooks = await h.gateway.query(h.target, { entityName: entity });
      assert.ok(inQuickBooks.length > 0, entity);
      const unrecorded = inQuickBooks.filter((o) => !recorded.has(`${entity}/${o.Id}`)).map((o) => o.Id);
      assert.deepEqual(unrecorded, [], `${entity} written to QuickBooks without an audit entry`);
    }
    const tenants = records.filter((r) => r.recordType === "tenant").length;
    assert.equal(
      (await h.gateway.query(h.target, { entityName: "Customer" })).length,
      tenants,
      "no duplicate",
    );
    assert.ok(batches >= 3);
  } finally {
    await h.close();
  }
});
