/**
 * Reconciliation through the HTTP API against the emulator mounted in the service: a sample
 * portfolio is synced, then five discrepancies are planted through the QBO API (an edited invoice
 * amount, a deleted payment, a duplicate invoice, an unknown payment, a deposit moved to an income
 * item). The reconcile finds each with its type and amount; resolve (confirming the duplicate's
 * void) fixes the auto-resolvable ones under the org's estatecore_wins policy. The unknown payment
 * needs a person by design: the test plays the person recording it in EstateCore, after which the
 * next run sees a probable match (same customer, amount, date and reference), relinks it, and the
 * report reads 100%.
 */
import assert from "node:assert/strict";
import { api, connectWithMappings, loadSamplePortfolio, startService } from "../support/e2e_service.ts";
import { keyedRequestId } from "../../domain/sync/request_id.ts";

const ORG = "org-rec";
// deno-lint-ignore no-explicit-any
type Json = any;

Deno.test({
  name: "reconciliation: five planted discrepancies are found, resolved and re-checked to 100%",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      await api(run, "PUT", "/organization", ORG, { name: "Reconciled Properties" });
      // Saved before connecting, like the sync tests' defaults (class tracking is not checked without a company).
      assert.equal(
        (await api(run, "PUT", "/settings/sync", ORG, { conflict_resolution: "estatecore_wins" })).status,
        200,
      );
      const { target, gateway: qbo } = await connectWithMappings(run, ORG);
      const { intake } = await loadSamplePortfolio(run, ORG, {
        properties: 2,
        unitsPerProperty: 2,
        months: 3,
        bills: true,
        moveOut: true,
      });
      assert.equal(intake.status, 200);
      await api(run, "POST", "/sync", ORG, { direction: "push" });
      await run.service.worker.runOnce();
      const period = { from: "2026-01-01", to: "2026-12-31" };
      const clean = await api(run, "POST", "/reconcile", ORG, period);
      assert.equal(clean.status, 201, JSON.stringify(clean.body));
      assert.deepEqual(clean.body.data.discrepancies, []);
      assert.equal(clean.body.data.integrity_score.by_count, 100);

      // --- plant five discrepancies in QuickBooks, through its API ---
      const links = run.service.syncData.links;
      const qboIdOf = async (entity: string, recordId: string) =>
        (await links.get(ORG, target.realmId, entity, recordId))!.qboId;
      const write = async (entityName: string, operation: "create" | "update" | "delete", payload: Json) => {
        const out = await qbo.writeBatch(
          target,
          [{ key: "p", entityName, operation, payload }],
          keyedRequestId(`plant-${crypto.randomUUID()}`),
        );
        assert.ok(out.results[0].ok, JSON.stringify(out.results[0]));
        return (out.results[0] as { object: Json }).object;
      };
      const salesLines = (invoice: Json) =>
        invoice.Line.filter((l: Json) => l.DetailType === "SalesItemLineDetail");

      const editedId = await qboIdOf("Invoice", "inv:lease_1_2|ten_1_2|2026-02");
      const edited = (await qbo.read(target, "Invoice", editedId))!;
      const editedLines = salesLines(edited).map((l: Json) => ({
        ...l,
        Amount: l.Amount + 50,
        SalesItemLineDetail: { ...l.SalesItemLineDetail, UnitPrice: l.Amount + 50 },
      }));
      await write("Invoice", "update", {
        Id: editedId,
        SyncToken: edited.SyncToken,
        sparse: true,
        Line: editedLines,
      });

      const deletedId = await qboIdOf("Payment", "pay_2_2_02");
      const deleted = (await qbo.read(target, "Payment", deletedId))!;
      await write("Payment", "delete", { Id: deletedId, SyncToken: deleted.SyncToken });

      const originalId = await qboIdOf("Invoice", "inv:lease_2_2|ten_2_2|2026-03");
      const original = (await qbo.read(target, "Invoice", originalId))!;
      // Entered twice by hand: QBO accepts the same DocNumber when asked to (include=allowduplicatedocnum).
      const token = await run.service.quickbooks.accessTokens.accessToken(target);
      // This call goes around the client (and its rate budget), like another app on the same company
      // would: QBO may throttle it right after the client's calls, so it waits out a 429 and retries.
      const createDuplicate = () =>
        fetch(
          `${run.base}${run.service.config.quickbooks.emulatorPath}/v3/company/${target.realmId}/invoice?include=allowduplicatedocnum&minorversion=75`,
          {
            method: "POST",
            headers: {
              Authorization: `Bearer ${token}`,
              "Content-Type": "application/json",
              Accept: "application/json",
            },
            body: JSON.stringify({
              CustomerRef: original.CustomerRef,
              TxnDate: original.TxnDate,
              DueDate: original.DueDate,
              DocNumber: original.DocNumber,
              Line: salesLines(original).map((l: Json) => ({
                Amount: l.Amount,
                DetailType: l.DetailType,
                SalesItemLineDetail: l.SalesItemLineDetail,
              })),
            }),
          },
        );
      let created = await createDuplicate();
      for (let attempt = 1; created.status === 429 && attempt < 5; attempt++) {
        await created.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 1100));
        created = await createDuplicate();
      }
      assert.equal(created.status, 200);
      const duplicate = (await created.json()).Invoice;

      const tenantCustomer = await qboIdOf("Customer", "ten_1_1");
      const unknown = await write("Payment", "create", {
        CustomerRef: { value: tenantCustomer },
        TotalAmt: 123.45,
        TxnDate: "2026-03-20",
        PaymentRefNum: "WALKIN-1",
      });

      const depositInvoiceId = await qboIdOf("Invoice", "inv:lease_2_1|ten_2_1|2026-01");
      const depositInvoice = (await qbo.read(target, "Invoice", depositInvoiceId))!;
      const rentItem = String(
        (await qbo.query(target, {
          entityName: "Item",
          where: [{ field: "Name", operator: "=", value: "Rent" }],
        }))[0].Id,
      );
      const depositLine = salesLines(depositInvoice).find((l: Json) =>
        l.SalesItemLineDetail.ItemRef.name === "Security Deposit"
      );
      const depositCents = Math.round(depositLine.Amount * 100);
      await write("Invoice", "update", {
        Id: depositInvoiceId,
        SyncToken: depositInvoice.SyncToken,
        sparse: true,
        Line: salesLines(depositInvoice).map((l: Json) =>
          l === depositLine
            ? { ...l, SalesItemLineDetail: { ...l.SalesItemLineDetail, ItemRef: { value: rentItem } } }
            : l
        ),
      });

      // --- reconcile: every planted discrepancy, with its type and amount ---
      const found = await api(run, "POST", "/reconcile", ORG, period);
      assert.equal(found.status, 201);
      const report = found.body.data;
      const recordLevel = report.discrepancies.filter((d: Json) => d.type !== "balance_mismatch");
      const summary = recordLevel.map((
        d: Json,
      ) => [d.type, d.estatecore_id ?? d.quickbooks_id, d.amount_cents, d.auto_resolvable, d.action])
        .sort((a: Json, b: Json) => a[0] < b[0] ? -1 : 1);
      const deletedPaymentCents = Math.round(Number(deleted.TotalAmt) * 100);
      const duplicateCents = salesLines(original).reduce(
        (s: number, l: Json) => s + Math.round(l.Amount * 100),
        0,
      );
      assert.deepEqual(summary, [
        ["amount_mismatch", "inv:lease_1_2|ten_1_2|2026-02", 5_000, true, "update_quickbooks"],
        [
          "deposit_booked_as_income",
          "inv:lease_2_1|ten_2_1|2026-01#deposit",
          depositCents,
          true,
          "update_quickbooks",
        ],
        ["duplicate_in_quickbooks", `Invoice:${duplicate.Id}`, duplicateCents, false, "void_duplicate"],
        ["missing_in_quickbooks", "pay_2_2_02", deletedPaymentCents, true, "push_missing"],
        ["unknown_in_quickbooks", `Payment:${unknown.Id}`, 12_345, false, "review"],
      ]);
      assert.ok(report.integrity_score.by_count < 100);
      assert.ok(
        report.counts_by_type.balance_mismatch > 0,
        "A/R, deposit liability and income balances differ too",
      );

      // --- resolve, confirming the duplicate's void ---
      const resolved = await api(run, "POST", `/reconcile/${report.id}/resolve`, ORG, {
        confirm_void_ids: [`Invoice:${duplicate.Id}`],
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      const after = resolved.body.data.after;
      assert.deepEqual(
        after.discrepancies.map((d: Json) => [d.type, d.quickbooks_id]),
        [
          ["unknown_in_quickbooks", `Payment:${unknown.Id}`],
          ...after.discrepancies.filter((d: Json) => d.type === "balance_mismatch").map((
            d: Json,
          ) => [d.type, d.quickbooks_id]),
        ],
      );
      assert.equal(resolved.body.data.applied.length, 4);
      assert.ok(resolved.body.data.left_for_review.some((s: Json) => s.type === "unknown_in_quickbooks"));
      assert.equal(
        (await qbo.read(target, "Invoice", String(duplicate.Id)))!.TotalAmt,
        0,
        "the duplicate is voided",
      );
      const again = await api(run, "POST", `/reconcile/${report.id}/resolve`, ORG, {});
      assert.equal(again.status, 409, "a report is resolved once");

      // --- the person's part: the walk-in payment is recorded in EstateCore ---
      const walkIn = {
        id: "pay_walkin_1",
        lease_id: "lease_1_1",
        tenant_id: "ten_1_1",
        property_id: "prop_1",
        amount: { cents: 12_345, currency: "USD" },
        date: "2026-03-20",
        method: "cash",
        reference: "WALKIN-1",
        allocations: [],
        status: "cleared",
      };
      assert.equal(
        (await api(run, "POST", "/records/bulk", ORG, { records: [{ type: "payment", data: walkIn }] }))
          .status,
        200,
      );
      const second = (await api(run, "POST", "/reconcile", ORG, period)).body.data;
      assert.deepEqual(
        second.discrepancies.filter((d: Json) => d.type !== "balance_mismatch").map((
          d: Json,
        ) => [d.type, d.action, d.auto_resolvable, d.related_id]),
        [
          ["unknown_in_quickbooks", "relink", true, "pay_walkin_1"],
        ],
      );
      const final = await api(run, "POST", `/reconcile/${second.id}/resolve`, ORG, {});
      assert.equal(final.status, 200, JSON.stringify(final.body));
      assert.deepEqual(final.body.data.after.discrepancies, []);
      assert.deepEqual(final.body.data.after.integrity_score, { by_count: 100, by_amount: 100 });

      const quality = await api(run, "GET", "/data-quality?period_days=3660", ORG);
      assert.equal(quality.status, 200);
      assert.equal(quality.body.data.integrity.by_count, 100);
      assert.deepEqual(quality.body.data.trend.map((t: Json) => t.by_count).slice(-1), [100]);
      assert.ok(quality.body.data.trend.length >= 5);
    } finally {
      await run.close();
    }
  },
});
