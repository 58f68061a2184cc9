import assert from "node:assert/strict";
import { SqlReconciliationReportRepository } from "../../../../adapters/persistence/repositories/reconciliation_repository.ts";
import type { StoredReconciliationReport } from "../../../../domain/ports/reconciliation_reports.ts";
import { seedConnection, SEEDED_REALM } from "../../../support/connection_rows.ts";
import { connectCompany, startLoopbackService } from "../../../support/loopback_service.ts";
import {
  accessAnswers,
  assertFailure,
  assertSuccess,
  declaredPermission,
  expectedAccess,
  sameForEveryRole,
  scopedHeader,
  send,
  validationPaths,
} from "../../../support/route_checks.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

const NOW = "2026-06-01T12:00:00.000Z";

/** A stored report with one amount mismatch of $125.50 on charge c1 (QBO invoice 130). */
function report(id: string, fields: Partial<StoredReconciliationReport> = {}): StoredReconciliationReport {
  return {
    id,
    orgId: "org-a",
    realmId: SEEDED_REALM,
    createdAt: NOW,
    periodFrom: "2026-05-03",
    periodTo: "2026-06-01",
    propertyIds: null,
    discrepanciesFound: 1,
    discrepancies: [{
      type: "amount_mismatch",
      estatecoreId: "c1",
      quickbooksId: "Invoice:130",
      estatecoreValue: 150_000,
      quickbooksValue: 137_450,
      amountAtStakeCents: 12_550,
      description: "Charge c1 is $1,500.00 in EstateCore and $1,374.50 in QuickBooks",
      autoResolvable: true,
      action: "update_quickbooks",
      requiresConfirmation: false,
    }],
    countsByType: { amount_mismatch: 1 },
    totals: {
      estatecore: { count: 2, amountCents: 300_000 },
      quickbooks: { count: 2, amountCents: 287_450 },
      matched: { count: 2, amountCents: 287_450, cleanCount: 1, cleanAmountCents: 150_000 },
    },
    score: {
      byCount: 50,
      byAmount: 52.17,
      cleanCount: 1,
      totalCount: 2,
      cleanAmountCents: 150_000,
      totalAmountCents: 287_450,
    },
    resolution: null,
    ...fields,
  };
}

Deno.test("registerReconciliationRoutes GET /reconcile/{id} shows a stored report in currency units and cents", async () => {
  const svc = await startTestService();
  try {
    const reports = new SqlReconciliationReportRepository(svc.database);
    await reports.save(report("rep-1"));
    await reports.save(report("rep-p1", { propertyIds: ["p1"] }));
    await reports.save(report("rep-b", { orgId: "org-b" }));
    const h = await authHeader("org-a", "viewer");

    const shown = assertSuccess(await send(svc.app, "GET", "/reconcile/rep-1", h), 200);
    assert.deepEqual(shown, {
      id: "rep-1",
      realm_id: SEEDED_REALM,
      created_at: NOW,
      period: { from: "2026-05-03", to: "2026-06-01" },
      property_ids: null,
      discrepancies_found: 1,
      discrepancies: [{
        type: "amount_mismatch",
        description: "Charge c1 is $1,500.00 in EstateCore and $1,374.50 in QuickBooks",
        estatecore_id: "c1",
        quickbooks_id: "Invoice:130",
        estatecore_value: 150_000,
        quickbooks_value: 137_450,
        amount: 125.5,
        amount_cents: 12_550,
        auto_resolvable: true,
        action: "update_quickbooks",
        requires_confirmation: false,
        related_id: null,
        balance: null,
      }],
      counts_by_type: { amount_mismatch: 1 },
      totals: {
        estatecore: { count: 2, amount: 3000 },
        quickbooks: { count: 2, amount: 2874.5 },
        matched: { count: 2, amount: 2874.5, clean_count: 1, clean_amount: 1500 },
      },
      integrity_score: { by_count: 50, by_amount: 52.17 },
      resolved_at: null,
      after_report_id: null,
    });
    assert.deepEqual(
      assertFailure(await send(svc.app, "GET", "/reconcile/rep-b", h), 404, "NOT_FOUND").details,
      {
        report_id: "rep-b",
      },
    );
    assertFailure(await send(svc.app, "GET", "/reconcile/rep-404", h), 404, "NOT_FOUND");
    assert.deepEqual(validationPaths(await send(svc.app, "GET", `/reconcile/${"r".repeat(65)}`, h)), [
      "param.id",
    ]);

    const p1 = await scopedHeader("org-a", "viewer", ["p1"]);
    assert.equal(assertSuccess(await send(svc.app, "GET", "/reconcile/rep-p1", p1), 200).id, "rep-p1");
    const wide = await send(svc.app, "GET", "/reconcile/rep-1", p1);
    assert.equal(assertFailure(wide, 403, "FORBIDDEN").details?.permission, "reconcile:read");
  } finally {
    await svc.close();
  }
});

Deno.test("registerReconciliationRoutes POST /reconcile validates the period and needs a connected company", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "accountant");
    const bodies: [unknown, string[]][] = [
      [{ period_days: 0 }, ["json.period_days"]],
      [{ period_days: 3661 }, ["json.period_days"]],
      [{ from: "June 1" }, ["json.from"]],
      [{ to: "2026-6-1" }, ["json.to"]],
      [{ property_ids: [] }, ["json.property_ids"]],
      [{ property_ids: [""] }, ["json.property_ids.0"]],
      [{ periodDays: 30 }, ["json.periodDays"]],
    ];
    for (const [body, paths] of bodies) {
      assert.deepEqual(
        validationPaths(await send(svc.app, "POST", "/reconcile", h, body)),
        paths,
        JSON.stringify(body),
      );
    }
    const backwards = await send(svc.app, "POST", "/reconcile", h, { from: "2026-06-02", to: "2026-06-01" });
    assert.deepEqual(assertFailure(backwards, 400, "VALIDATION_FAILED").details, {
      field: "from",
      from: "2026-06-02",
      to: "2026-06-01",
    });
    const notADay = await send(svc.app, "POST", "/reconcile", h, { from: "2026-02-30" });
    assert.deepEqual(assertFailure(notADay, 400, "VALIDATION_FAILED").details, {
      field: "from",
      value: "2026-02-30",
    });

    const none = await send(svc.app, "POST", "/reconcile", h, { period_days: 7 });
    assert.deepEqual(assertFailure(none, 404, "NOT_FOUND").details, { realm_id: null });
    await seedConnection(svc, "org-a", { status: "needs_reauthorization" });
    assertFailure(await send(svc.app, "POST", "/reconcile", h, {}), 409, "QB002");
    const quality = await send(svc.app, "GET", "/data-quality", h);
    assertFailure(quality, 409, "QB002");
    for (
      const [query, path] of [
        ["undeposited_days=366", "query.undeposited_days"],
        ["period_days=0", "query.period_days"],
        ["realm_id=", "query.realm_id"],
        ["days=3", "query.days"],
      ]
    ) {
      assert.deepEqual(
        validationPaths(await send(svc.app, "GET", `/data-quality?${query}`, h)),
        [path],
        query,
      );
    }
  } finally {
    await svc.close();
  }
});

Deno.test("registerReconciliationRoutes POST /reconcile/{id}/resolve answers NOT_FOUND, CONFLICT once resolved, and checks scope", async () => {
  const svc = await startTestService();
  try {
    const reports = new SqlReconciliationReportRepository(svc.database);
    await reports.save(report("rep-done", {
      resolution: { resolvedAt: NOW, afterReportId: "rep-after", applied: [], leftForReview: [] },
    }));
    await reports.save(report("rep-open"));
    const h = await authHeader("org-a", "accountant");
    const unknown = await send(svc.app, "POST", "/reconcile/rep-404/resolve", h);
    assert.deepEqual(assertFailure(unknown, 404, "NOT_FOUND").details, { report_id: "rep-404" });
    const done = await send(svc.app, "POST", "/reconcile/rep-done/resolve", h, { confirm_void_ids: [] });
    assert.deepEqual(assertFailure(done, 409, "CONFLICT").details, {
      report_id: "rep-done",
      after_report_id: "rep-after",
    });
    const shown = assertSuccess(await send(svc.app, "GET", "/reconcile/rep-done", h), 200);
    assert.deepEqual([shown.resolved_at, shown.after_report_id], [NOW, "rep-after"]);

    const scoped = await send(
      svc.app,
      "POST",
      "/reconcile/rep-open/resolve",
      await scopedHeader("org-a", "accountant", ["p1"]),
    );
    assertFailure(scoped, 403, "FORBIDDEN");
    assert.deepEqual(
      validationPaths(
        await send(svc.app, "POST", "/reconcile/rep-open/resolve", h, { confirm_void_ids: [""] }),
      ),
      ["json.confirm_void_ids.0"],
    );
    assert.deepEqual(
      validationPaths(
        await send(svc.app, "POST", "/reconcile/rep-open/resolve", h, { confirm: ["Invoice:1"] }),
      ),
      ["json.confirm"],
    );
    assert.equal((await reports.get("org-a", "rep-open"))?.resolution, null, "nothing was resolved");
  } finally {
    await svc.close();
  }
});

Deno.test("registerReconciliationRoutes declares reconcile:run and reconcile:read", async () => {
  const svc = await startTestService();
  try {
    assert.equal(await declaredPermission(svc.app, "POST", "/reconcile"), "reconcile:run");
    assert.equal(await declaredPermission(svc.app, "POST", "/reconcile/{id}/resolve"), "reconcile:run");
    assert.equal(await declaredPermission(svc.app, "GET", "/reconcile/{id}"), "reconcile:read");
    assert.equal(await declaredPermission(svc.app, "GET", "/data-quality"), "reconcile:read");
    const run = expectedAccess("reconcile:run", "400 VALIDATION_FAILED");
    assert.deepEqual(await accessAnswers(svc.app, "POST", "/reconcile", { period_days: -1 }), run);
    assert.deepEqual(
      await accessAnswers(svc.app, "POST", "/reconcile/rep-1/resolve", { confirm_void_ids: 1 }),
      run,
    );
    const read = sameForEveryRole("400 VALIDATION_FAILED");
    assert.deepEqual(await accessAnswers(svc.app, "GET", "/data-quality?period_days=0"), read);
  } finally {
    await svc.close();
  }
});

Deno.test({
  name:
    "registerReconciliationRoutes reconcile (201) -> read -> data quality -> resolve (200) -> resolve again (409) against the emulator",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const svc = await startLoopbackService();
    try {
      const realmId = await connectCompany(svc);
      const h = await authHeader("org-a", "accountant");
      const created = assertSuccess(await send(svc.app, "POST", "/reconcile", h, { period_days: 7 }), 201);
      assert.deepEqual(
        [created.realm_id, created.period.to, created.discrepancies_found, created.integrity_score],
        [realmId, created.created_at.slice(0, 10), 0, { by_count: 100, by_amount: 100 }],
      );
      assert.equal(
        created.period.from,
        new Date(Date.parse(created.period.to) - 6 * 86_400_000).toISOString().slice(0, 10),
      );
      assert.deepEqual(
        assertSuccess(await send(svc.app, "GET", `/reconcile/${created.id}`, h), 200),
        created,
      );

      const quality = assertSuccess(await send(svc.app, "GET", "/data-quality", h), 200);
      assert.equal(quality.latest_report_id, created.id);
      assert.deepEqual(quality.integrity, { by_count: 100, by_amount: 100 });
      assert.deepEqual(Object.keys(quality.checks).sort(), [
        "deposits_booked_as_income",
        "invoices_missing_tracking",
        "payments_in_undeposited_funds",
        "tenants_without_customer",
      ]);

      const resolved = assertSuccess(await send(svc.app, "POST", `/reconcile/${created.id}/resolve`, h), 200);
      assert.equal(resolved.before.id, created.id);
      assert.notEqual(resolved.after.id, created.id, "the re-check is a new report");
      assert.deepEqual([resolved.applied, resolved.left_for_review], [[], []]);
      const again = await send(svc.app, "POST", `/reconcile/${created.id}/resolve`, h, {
        confirm_void_ids: [],
      });
      assert.equal(assertFailure(again, 409, "CONFLICT").details?.after_report_id, resolved.after.id);
    } finally {
      await svc.close();
    }
  },
});
