/** The gateway's single-object writes and query pages against the emulator over loopback. */
import assert from "node:assert/strict";
import { domainRejection } from "../../support/rejection.ts";
import { keyedRequestId } from "../../../domain/sync/request_id.ts";
import { startQboHarness } from "../../support/qbo_harness.ts";

const options = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  ...options,
  name:
    "writeEntity: create, replayed requestid, sparse update, stale SyncToken as QB005, void both ways, delete",
  async fn() {
    const h = await startQboHarness();
    try {
      const { gateway, target } = h;
      const write = (
        entityName: string,
        operation: "create" | "update" | "delete" | "void",
        payload: Record<string, unknown>,
        requestId = keyedRequestId(crypto.randomUUID()),
      ) => gateway.writeEntity(target, { entityName, operation, payload, requestId });

      const created = await write("Customer", "create", { DisplayName: "Ann Writer" }, "k-ann-once");
      assert.equal(created.object.DisplayName, "Ann Writer");
      assert.equal(created.object.SyncToken, "0");
      assert.ok(created.intuitTid);
      const replayed = await write("Customer", "create", { DisplayName: "Ann Writer" }, "k-ann-once");
      assert.equal(replayed.object.Id, created.object.Id, "QBO answered the replay from its requestid cache");
      const anns = await gateway.queryPage(target, {
        entityName: "Customer",
        statement: "SELECT * FROM Customer WHERE DisplayName = 'Ann Writer' STARTPOSITION 1 MAXRESULTS 10",
      });
      assert.equal(anns.objects.length, 1);
      assert.equal(anns.totalCount, null);

      const id = String(created.object.Id);
      const updated = await write("Customer", "update", {
        Id: id,
        SyncToken: "0",
        sparse: true,
        Notes: "VIP",
      });
      assert.equal(updated.object.SyncToken, "1");
      assert.equal(updated.object.DisplayName, "Ann Writer");
      const stale = await domainRejection(
        write("Customer", "update", { Id: id, SyncToken: "0", sparse: true, Notes: "x" }),
      );
      assert.equal(stale.code, "QB005");
      assert.equal(stale.details.qbo_code, "5010");
      assert.ok(stale.details.intuit_tid);
      const duplicate = await domainRejection(write("Customer", "create", { DisplayName: "Ann Writer" }));
      assert.equal(duplicate.code, "QB004");
      assert.equal(duplicate.details.qbo_code, "6240");

      const [item] = (await gateway.queryPage(target, {
        entityName: "Item",
        statement: "SELECT * FROM Item WHERE Type = 'Service' STARTPOSITION 1 MAXRESULTS 1",
      })).objects;
      const line = {
        Amount: 80,
        DetailType: "SalesItemLineDetail",
        SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1, UnitPrice: 80 },
      };
      const invoice = await write("Invoice", "create", { CustomerRef: { value: id }, Line: [line] });
      const voidedInvoice = await write("Invoice", "void", {
        Id: invoice.object.Id,
        SyncToken: invoice.object.SyncToken,
      });
      assert.equal(voidedInvoice.object.TotalAmt, 0);
      assert.match(String(voidedInvoice.object.PrivateNote), /Voided/);
      const bank = await h.accountId("Checking");
      const receipt = await write("SalesReceipt", "create", {
        Line: [line],
        DepositToAccountRef: { value: bank },
      });
      const voidedReceipt = await write("SalesReceipt", "void", {
        Id: receipt.object.Id,
        SyncToken: receipt.object.SyncToken,
      });
      assert.equal(voidedReceipt.object.TotalAmt, 0, "voided as a sparse update with include=void");

      const deleted = await write("Invoice", "delete", {
        Id: invoice.object.Id,
        SyncToken: voidedInvoice.object.SyncToken,
      });
      assert.equal(deleted.object.status, "Deleted");
      assert.equal(await gateway.read(target, "Invoice", String(invoice.object.Id)), null);
      const notDeleted = await domainRejection(write("Customer", "delete", { Id: id, SyncToken: "1" }));
      assert.equal(notDeleted.code, "QB004", "a name list is never deleted");
      assert.equal(notDeleted.details.qbo_code, "500", "QBO's Unsupported Operation");
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  ...options,
  name:
    "writeEntity: a requestid QBO would refuse, or a name that is not an entity, is refused before anything is sent",
  async fn() {
    const h = await startQboHarness();
    try {
      const before = h.calls.total;
      for (const requestId of ["", "has space", "x".repeat(51)]) {
        const error = await domainRejection(
          h.gateway.writeEntity(h.target, {
            entityName: "Customer",
            operation: "create",
            payload: {},
            requestId,
          }),
        );
        assert.equal(error.code, "VALIDATION_FAILED");
      }
      const error = await domainRejection(
        h.gateway.writeEntity(h.target, {
          entityName: "../batch",
          operation: "create",
          payload: {},
          requestId: "k",
        }),
      );
      assert.equal(error.code, "VALIDATION_FAILED");
      assert.equal(h.calls.total, before);
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  ...options,
  name: "queryPage: COUNT(*) answers QBO's total; a query fault is QB004; a report keeps QBO's own document",
  async fn() {
    const h = await startQboHarness();
    try {
      const counted = await h.gateway.queryPage(h.target, {
        entityName: "Account",
        statement: "SELECT COUNT(*) FROM Account STARTPOSITION 1 MAXRESULTS 100",
      });
      assert.deepEqual(counted.objects, []);
      assert.ok(counted.totalCount! > 10);
      const fault = await domainRejection(h.gateway.queryPage(h.target, {
        entityName: "Account",
        statement: "SELECT * FROM Account WHERE Nickname = 'x' STARTPOSITION 1 MAXRESULTS 100",
      }));
      assert.equal(fault.code, "QB004");
      assert.equal(fault.details.qbo_code, "4001");
      const report = await h.gateway.fetchReport(h.target, { reportName: "BalanceSheet", params: {} });
      const columns = (report.original.Columns as { Column: { MetaData?: unknown[] }[] }).Column;
      assert.ok(
        columns.every((c) => Array.isArray(c.MetaData)),
        "column metadata the rows view drops is kept",
      );
      assert.equal(report.columns.length, columns.length);
    } finally {
      await h.close();
    }
  },
});
