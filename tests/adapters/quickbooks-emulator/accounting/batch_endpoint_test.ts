import assert from "node:assert/strict";
import { accountingHarness, faultOf, rentLine } from "./accounting_harness.ts";

Deno.test("answerBatch: items succeed or fail independently, each next to its bId", async () => {
  const h = accountingHarness();
  const customer = await h.ok("/customer", { DisplayName: "Batch Tenant" });
  const sr = await h.ok("/salesreceipt", { CustomerRef: { value: customer.Id }, Line: [rentLine(337.5)] });
  await h.ok("/salesreceipt", { Id: sr.Id, SyncToken: "0", sparse: true, PrivateNote: "moved on" });
  const res = await h.call("POST", "/batch", {
    BatchItemRequest: [
      { bId: "bid1", operation: "create", Vendor: { DisplayName: "Boraski Family Store" } },
      { bId: "bid2", operation: "delete", Invoice: { Id: "129", SyncToken: "0" } },
      {
        bId: "bid3",
        operation: "update",
        SalesReceipt: {
          domain: "QBO",
          sparse: true,
          Id: sr.Id,
          SyncToken: "0",
          PrivateNote: "A private note.",
        },
      },
      { bId: "bid4", Query: "select * from SalesReceipt where TotalAmt > '300.00'" },
    ],
  });
  assert.equal(res.status, 200);
  const items = res.json.BatchItemResponse;
  assert.deepEqual(items.map((i: { bId: string }) => i.bId), ["bid1", "bid2", "bid3", "bid4"]);
  assert.equal(items[0].Vendor.DisplayName, "Boraski Family Store");
  assert.equal(items[1].Fault.Error[0].code, "610");
  assert.equal(items[1].Fault.type, "ValidationFault");
  assert.equal(items[2].Fault.Error[0].code, "5010");
  assert.equal(items[3].QueryResponse.SalesReceipt.length, 1);
  assert.equal(typeof res.json.time, "string");
});

Deno.test("answerBatch: optionsData void voids; more than 30 items is fault 1040", async () => {
  const h = accountingHarness();
  const customer = await h.ok("/customer", { DisplayName: "Void Batch" });
  const inv = await h.ok("/invoice", { CustomerRef: { value: customer.Id }, Line: [rentLine(10)] });
  const res = await h.call("POST", "/batch", {
    BatchItemRequest: [{
      bId: "v",
      operation: "update",
      optionsData: "void",
      Invoice: { Id: inv.Id, SyncToken: "0" },
    }],
  });
  assert.equal(res.json.BatchItemResponse[0].Invoice.TotalAmt, 0);
  const many = Array.from({ length: 31 }, (_, i) => ({ bId: String(i), Query: "select * from Customer" }));
  const tooMany = await h.call("POST", "/batch", { BatchItemRequest: many });
  assert.equal(tooMany.status, 400);
  assert.equal(faultOf(tooMany.json).code, "1040");
});

Deno.test("answerBatch: a repeated batch requestid replays instead of creating twice", async () => {
  const h = accountingHarness();
  const body = { BatchItemRequest: [{ bId: "1", operation: "create", Customer: { DisplayName: "Replay" } }] };
  const first = await h.call("POST", "/batch?requestid=batch-1", body);
  const second = await h.call("POST", "/batch?requestid=batch-1", body);
  assert.deepEqual(second.json, first.json);
  assert.ok(first.json.BatchItemResponse[0].Customer);
  const long = await h.call("POST", `/batch?requestid=${"b".repeat(37)}`, body);
  assert.equal(faultOf(long.json).code, "2130");
});
