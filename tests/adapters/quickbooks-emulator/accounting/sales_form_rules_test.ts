import assert from "node:assert/strict";
import { accountingHarness, faultOf, rentLine } from "./accounting_harness.ts";

async function withCustomer() {
  const h = accountingHarness();
  const customer = await h.ok("/customer", { DisplayName: "Tenant One" });
  return { h, customer };
}

Deno.test("invoiceRules: totals, DocNumber, DueDate from Net 30, lines with Ids and a subtotal line", async () => {
  const { h, customer } = await withCustomer();
  const inv = await h.ok("/invoice", {
    CustomerRef: { value: customer.Id },
    Line: [rentLine(1200, { Qty: 1, UnitPrice: 1200 }), rentLine(37.5, { Qty: 1.5, UnitPrice: 25 })],
  });
  assert.equal(inv.TotalAmt, 1237.5);
  assert.equal(inv.Balance, 1237.5);
  assert.equal(inv.DocNumber, "1001");
  assert.equal(inv.TxnDate, "2026-03-10");
  assert.equal(inv.DueDate, "2026-04-09");
  assert.deepEqual(inv.Line.map((l: { Id?: string }) => l.Id), ["1", "2", undefined]);
  assert.equal(inv.Line[2].DetailType, "SubTotalLineDetail");
  assert.equal(inv.Line[2].Amount, 1237.5);
  assert.equal(inv.CustomerRef.name, "Tenant One");
  assert.deepEqual(inv.LinkedTxn, []);
  assert.equal(inv.EmailStatus, "NotSet");
  const next = await h.ok("/invoice", { CustomerRef: { value: customer.Id }, Line: [rentLine(10)] });
  assert.equal(next.DocNumber, "1002");
});

Deno.test("invoiceRules: Qty x UnitPrice different from Amount is 6070", async () => {
  const { h, customer } = await withCustomer();
  const res = await h.call("POST", "/invoice", {
    CustomerRef: { value: customer.Id },
    Line: [rentLine(100, { Qty: 2, UnitPrice: 40 })],
  });
  assert.equal(res.status, 400);
  assert.equal(faultOf(res.json).code, "6070");
});

Deno.test("invoiceRules: required CustomerRef and Line are 2020; a missing item is 2500", async () => {
  const { h, customer } = await withCustomer();
  const noCustomer = faultOf((await h.call("POST", "/invoice", { Line: [rentLine(5)] })).json);
  assert.equal(noCustomer.code, "2020");
  assert.equal(noCustomer.element, "CustomerRef");
  assert.equal(
    faultOf((await h.call("POST", "/invoice", { CustomerRef: { value: customer.Id } })).json).code,
    "2020",
  );
  const badItem = await h.call("POST", "/invoice", {
    CustomerRef: { value: customer.Id },
    Line: [{
      Amount: 5,
      DetailType: "SalesItemLineDetail",
      SalesItemLineDetail: { ItemRef: { value: "999" } },
    }],
  });
  assert.equal(faultOf(badItem.json).code, "2500");
});

Deno.test("invoiceRules: duplicate DocNumber is 6140 unless include=allowduplicatedocnum", async () => {
  const { h, customer } = await withCustomer();
  await h.ok("/invoice", { CustomerRef: { value: customer.Id }, DocNumber: "R-100", Line: [rentLine(5)] });
  const dup = await h.call("POST", "/invoice", {
    CustomerRef: { value: customer.Id },
    DocNumber: "R-100",
    Line: [rentLine(5)],
  });
  assert.equal(faultOf(dup.json).code, "6140");
  const allowed = await h.call("POST", "/invoice?include=allowduplicatedocnum", {
    CustomerRef: { value: customer.Id },
    DocNumber: "R-100",
    Line: [rentLine(5)],
  });
  assert.equal(allowed.status, 200);
});

Deno.test("invoiceRules: void zeroes amounts, prepends Voided and reverses the ledger", async () => {
  const { h, customer } = await withCustomer();
  const inv = await h.ok("/invoice", {
    CustomerRef: { value: customer.Id },
    PrivateNote: "March rent",
    Line: [rentLine(100)],
  });
  const voided = await h.ok("/invoice?operation=void", { Id: inv.Id, SyncToken: "0" });
  assert.equal(voided.SyncToken, "1");
  assert.equal(voided.TotalAmt, 0);
  assert.equal(voided.Balance, 0);
  assert.equal(voided.PrivateNote, "Voided - March rent");
  assert.ok(voided.Line.every((l: { Amount: number }) => l.Amount === 0));
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, 0);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Rental Income")}`)).CurrentBalance, 0);
});

Deno.test("invoiceRules: an invoice with linked payments cannot be deleted", async () => {
  const { h, customer } = await withCustomer();
  const inv = await h.ok("/invoice", { CustomerRef: { value: customer.Id }, Line: [rentLine(100)] });
  await h.ok("/payment", {
    CustomerRef: { value: customer.Id },
    TotalAmt: 30,
    Line: [{ Amount: 30, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
  });
  const res = await h.call("POST", "/invoice?operation=delete", { Id: inv.Id, SyncToken: "0" });
  assert.equal(res.status, 400);
  assert.equal(faultOf(res.json).code, "6000");
  assert.equal((await h.get(`/invoice/${inv.Id}`)).Balance, 70);
});

Deno.test("salesReceiptRules: defaults to Undeposited Funds, Balance 0; void via include=void", async () => {
  const { h, customer } = await withCustomer();
  const sr = await h.ok("/salesreceipt", {
    CustomerRef: { value: customer.Id },
    Line: [rentLine(337.5, { Qty: 4.5, UnitPrice: 75 })],
  });
  assert.equal(sr.DepositToAccountRef.name, "Undeposited Funds");
  assert.equal(sr.Balance, 0);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Undeposited Funds")}`)).CurrentBalance, 337.5);
  const voided = await h.ok("/salesreceipt?operation=update&include=void", {
    Id: sr.Id,
    SyncToken: sr.SyncToken,
    sparse: true,
  });
  assert.equal(voided.TotalAmt, 0);
  assert.equal(voided.PrivateNote, "Voided");
  assert.equal((await h.get(`/account/${h.idOf("Account", "Undeposited Funds")}`)).CurrentBalance, 0);
});

Deno.test("salesReceiptRules: a sparse update replaces lines and assigns new line ids", async () => {
  const { h, customer } = await withCustomer();
  const sr = await h.ok("/salesreceipt", { CustomerRef: { value: customer.Id }, Line: [rentLine(10)] });
  const updated = await h.ok("/salesreceipt", {
    Id: sr.Id,
    SyncToken: sr.SyncToken,
    sparse: true,
    Line: [rentLine(337.5, { Qty: 4.5, UnitPrice: 75 })],
  });
  assert.equal(updated.TotalAmt, 337.5);
  assert.equal(updated.Line[0].Id, "2");
  assert.equal(updated.DocNumber, sr.DocNumber);
});

Deno.test("creditMemoRules: credits A/R; RefundReceipt needs a DepositToAccountRef", async () => {
  const { h, customer } = await withCustomer();
  await h.ok("/invoice", { CustomerRef: { value: customer.Id }, Line: [rentLine(100)] });
  const cm = await h.ok("/creditmemo", { CustomerRef: { value: customer.Id }, Line: [rentLine(25)] });
  assert.equal(cm.Balance, 25);
  assert.equal(cm.RemainingCredit, 25);
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, 75);
  const noAccount = await h.call("POST", "/refundreceipt", {
    CustomerRef: { value: customer.Id },
    Line: [rentLine(25)],
  });
  assert.equal(faultOf(noAccount.json).code, "2020");
  const rr = await h.ok("/refundreceipt", {
    CustomerRef: { value: customer.Id },
    DepositToAccountRef: { value: h.idOf("Account", "Checking") },
    Line: [rentLine(25)],
  });
  assert.equal(rr.TotalAmt, 25);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Checking")}`)).CurrentBalance, -25);
});

Deno.test("invoiceRules: a security-deposit item posts to the liability account", async () => {
  const { h, customer } = await withCustomer();
  await h.ok("/invoice", {
    CustomerRef: { value: customer.Id },
    Line: [{
      Amount: 500,
      DetailType: "SalesItemLineDetail",
      SalesItemLineDetail: { ItemRef: { value: h.idOf("Item", "Security Deposit") } },
    }],
  });
  const liability = await h.get(`/account/${h.idOf("Account", "Security Deposits Liability")}`);
  assert.equal(liability.CurrentBalance, 500);
  assert.equal(liability.Classification, "Liability");
});
