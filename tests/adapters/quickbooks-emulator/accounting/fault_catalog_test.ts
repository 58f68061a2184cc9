import assert from "node:assert/strict";
import { accountingHarness, type Json, rentLine } from "./accounting_harness.ts";

type Harness = ReturnType<typeof accountingHarness>;

/** Each case provokes one fault through the API. */
const CASES: ReadonlyArray<[string, (h: Harness) => Promise<{ status: number; json: Json }>]> = [
  ["2020", (h) => h.call("POST", "/invoice", { Line: [rentLine(1)] })],
  ["6240", async (h) => {
    await h.ok("/customer", { DisplayName: "Twin" });
    return h.call("POST", "/vendor", { DisplayName: "Twin" });
  }],
  ["5010", async (h) => {
    const c = await h.ok("/customer", { DisplayName: "Stale" });
    await h.ok("/customer", { Id: c.Id, SyncToken: "0", sparse: true, Notes: "a" });
    return h.call("POST", "/customer", { Id: c.Id, SyncToken: "0", sparse: true, Notes: "b" });
  }],
  ["610", (h) => h.call("GET", "/invoice/31337")],
  ["2500", (h) => h.call("POST", "/invoice", { CustomerRef: { value: "31337" }, Line: [rentLine(1)] })],
  ["6070", async (h) => {
    const c = await h.ok("/customer", { DisplayName: "Qty" });
    return h.call("POST", "/invoice", {
      CustomerRef: { value: c.Id },
      Line: [rentLine(10, { Qty: 3, UnitPrice: 3 })],
    });
  }],
  ["2300", (h) =>
    h.call("POST", "/journalentry", {
      Line: [
        {
          Amount: 5,
          DetailType: "JournalEntryLineDetail",
          JournalEntryLineDetail: { PostingType: "Debit", AccountRef: { value: "3" } },
        },
      ],
    })],
  ["6140", async (h) => {
    const c = await h.ok("/customer", { DisplayName: "Doc" });
    await h.ok("/invoice", { CustomerRef: { value: c.Id }, DocNumber: "A-1", Line: [rentLine(1)] });
    return h.call("POST", "/invoice", {
      CustomerRef: { value: c.Id },
      DocNumber: "A-1",
      Line: [rentLine(1)],
    });
  }],
  ["6540", async (h) => {
    const c = await h.ok("/customer", { DisplayName: "Dep" });
    const p = await h.ok("/payment", { CustomerRef: { value: c.Id }, TotalAmt: 5 });
    await h.ok("/deposit", {
      DepositToAccountRef: { value: "3" },
      Line: [{ Amount: 5, LinkedTxn: [{ TxnId: p.Id, TxnType: "Payment" }] }],
    });
    return h.call("POST", "/payment?operation=delete", { Id: p.Id, SyncToken: p.SyncToken });
  }],
  ["2030", (h) => h.call("GET", "/invoice/abc")],
  ["2010", (h) => h.call("POST", "/customer", { DisplayName: "X", Nickname: "y" })],
  [
    "1040",
    (h) =>
      h.call("POST", "/batch", {
        BatchItemRequest: Array.from(
          { length: 31 },
          (_, i) => ({ bId: `${i}`, Query: "select * from Item" }),
        ),
      }),
  ],
  ["500", (h) => h.call("GET", "/invoices/1/lines")],
  ["6000", async (h) => {
    const c = await h.ok("/customer", { DisplayName: "Linked" });
    const inv = await h.ok("/invoice", { CustomerRef: { value: c.Id }, Line: [rentLine(10)] });
    await h.ok("/payment", {
      CustomerRef: { value: c.Id },
      TotalAmt: 10,
      Line: [{ Amount: 10, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
    });
    return h.call("POST", "/invoice?operation=delete", { Id: inv.Id, SyncToken: inv.SyncToken });
  }],
  ["2130", (h) => h.call("POST", `/customer?requestid=${"r".repeat(60)}`, { DisplayName: "R" })],
  ["4000", (h) => h.call("GET", `/query?query=${encodeURIComponent("SELECT * FROM Customer WHERE")}`)],
  ["2070", (h) => h.call("GET", "/cdc?entities=Customer&changedSince=2001-01-01")],
];

for (const [code, provoke] of CASES) {
  Deno.test(`faults: ${code} comes back as a QBO ValidationFault envelope (HTTP 400)`, async () => {
    const h = accountingHarness();
    const { status, json } = await provoke(h);
    assert.equal(status, 400);
    assert.deepEqual(Object.keys(json).sort(), ["Fault", "time"]);
    assert.deepEqual(Object.keys(json.Fault).sort(), ["Error", "type"]);
    assert.equal(json.Fault.type, "ValidationFault");
    assert.equal(json.Fault.Error.length, 1);
    assert.deepEqual(Object.keys(json.Fault.Error[0]).sort(), ["Detail", "Message", "code", "element"]);
    assert.equal(json.Fault.Error[0].code, code);
    assert.ok(json.Fault.Error[0].Message.length > 0);
    assert.match(json.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  });
}
