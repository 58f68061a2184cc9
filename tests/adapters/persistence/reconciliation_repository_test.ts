import assert from "node:assert/strict";
import { SqlReconciliationReportRepository } from "../../../adapters/persistence/repositories/reconciliation_repository.ts";
import type { StoredReconciliationReport } from "../../../domain/ports/reconciliation_reports.ts";
import { integrityScore } from "../../../domain/reconciliation/integrity_score.ts";
import { contractSuite } from "../../support/databases.ts";

function report(id: string, orgId: string, createdAt: string): StoredReconciliationReport {
  return {
    id,
    orgId,
    realmId: "111",
    createdAt,
    periodFrom: "2026-01-01",
    periodTo: "2026-03-31",
    propertyIds: id === "r2" ? ["prop_1"] : null,
    discrepanciesFound: 1,
    discrepancies: [{
      type: "amount_mismatch",
      estatecoreId: "inv:a",
      quickbooksId: "Invoice:130",
      estatecoreValue: 150_000,
      quickbooksValue: 155_000,
      amountAtStakeCents: 5_000,
      description: "edited",
      autoResolvable: false,
      action: "update_quickbooks",
      requiresConfirmation: false,
    }],
    countsByType: { amount_mismatch: 1 },
    totals: {
      estatecore: { count: 3, amountCents: 300_000 },
      quickbooks: { count: 3, amountCents: 305_000 },
      matched: { count: 3, amountCents: 305_000, cleanCount: 2, cleanAmountCents: 150_000 },
    },
    score: integrityScore(2, 3, 150_000, 305_000),
    resolution: null,
  };
}

contractSuite("ReconciliationReportRepository contract", async (t, database) => {
  const reports = new SqlReconciliationReportRepository(database);
  await t.step("save then get returns the same report, JSON fields and scores intact", async () => {
    const r = report("r1", "org-a", "2026-04-01T00:00:00.000Z");
    await reports.save(r);
    assert.deepEqual(await reports.get("org-a", "r1"), r);
    assert.equal(await reports.get("org-b", "r1"), null, "another organization never reads it");
  });
  await t.step("list is newest first and limited, per organization", async () => {
    await reports.save(report("r2", "org-a", "2026-04-02T00:00:00.000Z"));
    await reports.save(report("r3", "org-b", "2026-04-03T00:00:00.000Z"));
    assert.deepEqual((await reports.list("org-a", { limit: 10 })).map((r) => r.id), ["r2", "r1"]);
    assert.deepEqual((await reports.list("org-a", { limit: 1 })).map((r) => r.id), ["r2"]);
    assert.deepEqual((await reports.get("org-a", "r2"))?.propertyIds, ["prop_1"]);
  });
  await t.step("markResolved records the resolution once", async () => {
    const resolution = {
      resolvedAt: "2026-04-05T00:00:00.000Z",
      afterReportId: "r9",
      applied: [{ action: "update_quickbooks", quickbooks_id: "Invoice:130" }],
      leftForReview: [],
    };
    assert.equal(await reports.markResolved("org-b", "r1", resolution), false, "wrong organization");
    assert.equal(await reports.markResolved("org-a", "r1", resolution), true);
    assert.equal(await reports.markResolved("org-a", "r1", { ...resolution, afterReportId: "r10" }), false);
    assert.deepEqual((await reports.get("org-a", "r1"))?.resolution, resolution);
    assert.equal(await reports.markResolved("org-a", "nope", resolution), false);
  });
});
