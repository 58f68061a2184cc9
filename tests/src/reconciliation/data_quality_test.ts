import assert from "node:assert/strict";
import { dataQuality } from "../../../src/reconciliation/data_quality.ts";
import { runReconciliation } from "../../../src/reconciliation/run_reconciliation.ts";
import { NOW, syncedPortfolio } from "./reconciliation_fixture.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

Deno.test({
  name: "dataQuality: each check flags what was planted and nothing on clean books",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { h, deps } = await syncedPortfolio();
    const input = { undepositedDays: 7, periodDays: 120, propertyIds: null };
    const write = async (entityName: string, operation: "create" | "update", payload: Json) => {
      const out = await h.gateway.writeBatch(
        h.target,
        [{ key: "k", entityName, operation, payload }],
        crypto.randomUUID(),
      );
      assert.ok(out.results[0].ok, JSON.stringify(out.results[0]));
      return (out.results[0] as { object: Json }).object;
    };
    const invoiceOf = async (recordId: string) => {
      const link = (await h.links.get("org-1", h.realmId, "Invoice", recordId))!;
      return (await h.gateway.read(h.target, "Invoice", link.qboId)) as Json;
    };
    try {
      await runReconciliation(deps, "org-1", { periodDays: 120 });
      const clean = await dataQuality(deps, "org-1", input);
      assert.equal(clean.integrity?.by_count, 100);
      assert.equal(clean.checks.tenants_without_customer.count, 0);
      assert.equal(clean.checks.invoices_missing_tracking.count, 0);
      assert.equal(clean.checks.deposits_booked_as_income.count, 0);
      const waiting = clean.checks.payments_in_undeposited_funds.count;
      assert.ok(waiting > 0, "payments go to Undeposited Funds by default and nothing deposited them");
      assert.equal(
        (await dataQuality(deps, "org-1", { ...input, undepositedDays: 120 })).checks
          .payments_in_undeposited_funds.count,
        0,
        "none is older than 120 days",
      );

      await h.mirror.upsertMany("org-1", [{
        recordType: "tenant",
        recordId: "ten_new",
        propertyId: "prop_1",
        data: { id: "ten_new", first_name: "Nia", last_name: "Ode", property_id: "prop_1" },
      }], NOW);
      const noClass = await invoiceOf("inv:lease_1_1|ten_1_1|2026-02");
      await write("Invoice", "update", {
        Id: noClass.Id,
        SyncToken: noClass.SyncToken,
        sparse: true,
        Line: noClass.Line.filter((l: Json) => l.DetailType === "SalesItemLineDetail").map((l: Json) => {
          const { ClassRef: _dropped, ...detail } = l.SalesItemLineDetail;
          return { ...l, SalesItemLineDetail: detail };
        }),
      });
      const january = await invoiceOf("inv:lease_2_2|ten_2_2|2026-01");
      const rent = january.Line[0].SalesItemLineDetail.ItemRef.value;
      await write("Invoice", "update", {
        Id: january.Id,
        SyncToken: january.SyncToken,
        sparse: true,
        Line: january.Line.filter((l: Json) => l.DetailType === "SalesItemLineDetail").map((l: Json) => ({
          ...l,
          SalesItemLineDetail: { ...l.SalesItemLineDetail, ItemRef: { value: rent } },
        })),
      });
      const payment = clean.checks.payments_in_undeposited_funds.items[0] as {
        quickbooks_id: string;
        amount: number;
      };
      await write("Deposit", "create", {
        TxnDate: "2026-03-30",
        DepositToAccountRef: { value: await h.accountId("Checking") },
        Line: [{
          Amount: payment.amount,
          LinkedTxn: [{ TxnId: payment.quickbooks_id.split(":")[1], TxnType: "Payment", TxnLineId: "0" }],
        }],
      });

      const planted = await dataQuality(deps, "org-1", input);
      assert.deepEqual(planted.checks.tenants_without_customer.items.map((t) => t.tenant_id), ["ten_new"]);
      assert.deepEqual(planted.checks.invoices_missing_tracking.items.map((i) => i.quickbooks_id), [
        `Invoice:${noClass.Id}`,
      ]);
      assert.deepEqual(planted.checks.deposits_booked_as_income.items.map((i) => i.quickbooks_id), [
        `Invoice:${january.Id}#deposit`,
      ]);
      assert.equal(
        planted.checks.payments_in_undeposited_funds.count,
        waiting - 1,
        "the deposited payment left",
      );
      assert.ok(
        !planted.checks.payments_in_undeposited_funds.items.some((i) =>
          i.quickbooks_id === payment.quickbooks_id
        ),
      );

      const scoped = await dataQuality(deps, "org-1", { ...input, propertyIds: ["prop_2"] });
      assert.equal(scoped.checks.tenants_without_customer.count, 0, "ten_new lives at prop_1");
      assert.equal(scoped.checks.invoices_missing_tracking.count, 0);
      assert.equal(scoped.checks.deposits_booked_as_income.count, 1);
      assert.deepEqual(scoped.trend, [], "runs over the whole organization are not shown to a scoped caller");
    } finally {
      await h.close();
    }
  },
});
