import assert from "node:assert/strict";
import { projectOnto } from "../../../domain/sync_engine/project_onto.ts";

Deno.test("projectOnto keeps only what the snapshot has: ref names, line ids and subtotal lines drop out", () => {
  const sent = {
    CustomerRef: { value: "1" },
    Line: [
      {
        Amount: 1475,
        DetailType: "SalesItemLineDetail",
        SalesItemLineDetail: { ItemRef: { value: "2" }, Qty: 1 },
      },
    ],
    TxnDate: "2026-01-01",
  };
  const returned = {
    Id: "130",
    SyncToken: "0",
    CustomerRef: { value: "1", name: "John Chen" },
    Line: [
      {
        Id: "1",
        LineNum: 1,
        Amount: 1475,
        DetailType: "SalesItemLineDetail",
        SalesItemLineDetail: { ItemRef: { value: "2", name: "Rent" }, Qty: 1, TaxCodeRef: { value: "NON" } },
      },
      { Amount: 1475, DetailType: "SubTotalLineDetail", SubTotalLineDetail: {} },
    ],
    TxnDate: "2026-01-01",
    Balance: 1475,
  };
  assert.deepEqual(projectOnto(sent, returned), sent);
});

Deno.test("projectOnto still shows real edits: a changed amount, a changed ref, an added line of a known type", () => {
  const sent = { CustomerRef: { value: "1" }, Line: [{ Amount: 10, DetailType: "SalesItemLineDetail" }] };
  const edited = {
    CustomerRef: { value: "9", name: "Someone else" },
    Line: [
      { Id: "1", Amount: 12, DetailType: "SalesItemLineDetail" },
      { Id: "2", Amount: 5, DetailType: "SalesItemLineDetail" },
    ],
  };
  assert.deepEqual(projectOnto(sent, edited), {
    CustomerRef: { value: "9" },
    Line: [{ Amount: 12, DetailType: "SalesItemLineDetail" }, {
      Amount: 5,
      DetailType: "SalesItemLineDetail",
    }],
  });
  assert.deepEqual(projectOnto({ A: 1 }, { B: 2 }), {}, "a field QBO dropped is absent");
});
