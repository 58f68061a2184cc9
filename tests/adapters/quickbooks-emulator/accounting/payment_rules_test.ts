import assert from "node:assert/strict";
import { ledgerView } from "../../../../adapters/quickbooks-emulator/accounting/mod.ts";
import { accountingHarness, faultOf, rentLine } from "./accounting_harness.ts";

async function invoiced(amount = 1000) {
  const h = accountingHarness();
  const customer = await h.ok("/customer", { DisplayName: "Payer" });
  const invoice = await h.ok("/invoice", { CustomerRef: { value: customer.Id }, Line: [rentLine(amount)] });
  return { h, customer, invoice };
}

function balancesOf(h: ReturnType<typeof accountingHarness>) {
  const view = ledgerView(h.companies, h.realmId)!;
  const sum = (name: string) =>
    view.postings.filter((p) => p.accountId === h.idOf("Account", name)).reduce(
      (s, p) => s + p.amountCents,
      0,
    );
  return {
    view,
    ar: sum("Accounts Receivable (A/R)"),
    uf: sum("Undeposited Funds"),
    rent: sum("Rental Income"),
  };
}

Deno.test("paymentRules: invoice -> partial payment -> void keeps every balance consistent", async () => {
  const { h, customer, invoice } = await invoiced(1000);
  const payment = await h.ok("/payment", {
    CustomerRef: { value: customer.Id },
    TotalAmt: 400,
    Line: [{ Amount: 400, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] }],
  });
  assert.equal(payment.UnappliedAmt, 0);
  assert.equal(payment.DepositToAccountRef.value, h.idOf("Account", "Undeposited Funds"));
  const open = await h.get(`/invoice/${invoice.Id}`);
  assert.equal(open.Balance, 600);
  assert.deepEqual(open.LinkedTxn, [{ TxnId: payment.Id, TxnType: "Payment" }]);
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, 600);
  let b = balancesOf(h);
  assert.deepEqual([b.ar, b.uf, b.rent], [60000, 40000, -100000]);
  assert.equal(b.view.postings.reduce((s, p) => s + p.amountCents, 0), 0);
  assert.equal(
    (await h.get(`/account/${h.idOf("Account", "Accounts Receivable (A/R)")}`)).CurrentBalance,
    600,
  );
  assert.equal((await h.get(`/account/${h.idOf("Account", "Rental Income")}`)).CurrentBalance, 1000);
  assert.deepEqual(
    b.view.openReceivables.map((r) => [r.txnType, r.balanceCents]),
    [["Invoice", 60000]],
  );

  const voided = await h.ok("/payment?operation=void", { Id: payment.Id, SyncToken: payment.SyncToken });
  assert.equal(voided.TotalAmt, 0);
  assert.equal(voided.PrivateNote, "Voided");
  assert.equal((await h.get(`/invoice/${invoice.Id}`)).Balance, 1000);
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, 1000);
  b = balancesOf(h);
  assert.deepEqual([b.ar, b.uf, b.rent], [100000, 0, -100000]);
});

Deno.test("paymentRules: voiding the invoice unapplies the payment, which becomes a customer credit", async () => {
  const { h, customer, invoice } = await invoiced(1000);
  const payment = await h.ok("/payment", {
    CustomerRef: { value: customer.Id },
    TotalAmt: 400,
    Line: [{ Amount: 400, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] }],
  });
  await h.ok("/invoice?operation=void", { Id: invoice.Id, SyncToken: invoice.SyncToken });
  const after = await h.get(`/payment/${payment.Id}`);
  assert.equal(after.UnappliedAmt, 400);
  assert.equal(after.SyncToken, "1");
  assert.deepEqual(after.Line, []);
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, -400);
  const b = balancesOf(h);
  assert.deepEqual([b.ar, b.uf, b.rent], [-40000, 40000, 0]);
});

Deno.test("paymentRules: an unlinked payment keeps UnappliedAmt = TotalAmt; void also via include=void", async () => {
  const { h, customer } = await invoiced(100);
  const payment = await h.ok("/payment", { CustomerRef: { value: customer.Id }, TotalAmt: 75.25 });
  assert.equal(payment.UnappliedAmt, 75.25);
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, 24.75);
  const voided = await h.ok("/payment?operation=update&include=void", {
    Id: payment.Id,
    SyncToken: "0",
    sparse: true,
  });
  assert.equal(voided.UnappliedAmt, 0);
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, 100);
});

Deno.test("paymentRules: applying more than the open balance, or more than TotalAmt, is refused", async () => {
  const { h, customer, invoice } = await invoiced(100);
  const over = await h.call("POST", "/payment", {
    CustomerRef: { value: customer.Id },
    TotalAmt: 150,
    Line: [{ Amount: 150, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] }],
  });
  assert.equal(faultOf(over.json).code, "6000");
  const short = await h.call("POST", "/payment", {
    CustomerRef: { value: customer.Id },
    TotalAmt: 10,
    Line: [{ Amount: 50, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] }],
  });
  assert.equal(faultOf(short.json).code, "6000");
  const missingTotal = faultOf(
    (await h.call("POST", "/payment", { CustomerRef: { value: customer.Id } })).json,
  );
  assert.equal(missingTotal.code, "2020");
  assert.equal(missingTotal.element, "TotalAmt");
});

Deno.test("paymentRules: a deposited payment cannot be changed, voided or deleted (6540)", async () => {
  const { h, customer, invoice } = await invoiced(100);
  const payment = await h.ok("/payment", {
    CustomerRef: { value: customer.Id },
    TotalAmt: 100,
    Line: [{ Amount: 100, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] }],
  });
  const deposit = await h.ok("/deposit", {
    DepositToAccountRef: { value: h.idOf("Account", "Checking") },
    Line: [{ Amount: 100, LinkedTxn: [{ TxnId: payment.Id, TxnType: "Payment", TxnLineId: "0" }] }],
  });
  assert.equal(deposit.TotalAmt, 100);
  for (const path of ["/payment", "/payment?operation=void", "/payment?operation=delete"]) {
    const res = await h.call("POST", path, {
      Id: payment.Id,
      SyncToken: payment.SyncToken,
      sparse: true,
      PrivateNote: "x",
    });
    assert.equal(faultOf(res.json).code, "6540", path);
  }
  const b = balancesOf(h);
  assert.equal(b.uf, 0);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Checking")}`)).CurrentBalance, 100);
  await h.ok("/deposit?operation=delete", { Id: deposit.Id, SyncToken: deposit.SyncToken });
  const freed = await h.ok("/payment", {
    Id: payment.Id,
    SyncToken: payment.SyncToken,
    sparse: true,
    PrivateNote: "ok now",
  });
  assert.equal(freed.PrivateNote, "ok now");
});

Deno.test("paymentRules: BalanceWithJobs of a parent includes its sub-customers", async () => {
  const h = accountingHarness();
  const parent = await h.ok("/customer", { DisplayName: "Maple Court" });
  const unit = await h.ok("/customer", { DisplayName: "Unit 1", ParentRef: { value: parent.Id } });
  await h.ok("/invoice", { CustomerRef: { value: unit.Id }, Line: [rentLine(900)] });
  await h.ok("/invoice", { CustomerRef: { value: parent.Id }, Line: [rentLine(100)] });
  const p = await h.get(`/customer/${parent.Id}`);
  assert.equal(p.Balance, 100);
  assert.equal(p.BalanceWithJobs, 1000);
});

Deno.test("paymentRules: a $0 payment applies a journal entry's A/R credit (deposit kept for unpaid rent) to an invoice", async () => {
  const { h, customer, invoice } = await invoiced(1000);
  const ar = h.idOf("Account", "Accounts Receivable (A/R)");
  const liability = h.idOf("Account", "Security Deposits Liability");
  const jeLine = (posting: "Debit" | "Credit", account: string, amount: number, withCustomer: boolean) => ({
    Amount: amount,
    DetailType: "JournalEntryLineDetail",
    JournalEntryLineDetail: {
      PostingType: posting,
      AccountRef: { value: account },
      ...(withCustomer ? { Entity: { Type: "Customer", EntityRef: { value: customer.Id } } } : {}),
    },
  });
  const journal = await h.ok("/journalentry", {
    Line: [jeLine("Debit", liability, 600, false), jeLine("Credit", ar, 600, true)],
  });
  const application = {
    CustomerRef: { value: customer.Id },
    TotalAmt: 0,
    Line: [
      { Amount: 600, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] },
      { Amount: 600, LinkedTxn: [{ TxnId: journal.Id, TxnType: "JournalEntry" }] },
    ],
  };
  const payment = await h.ok("/payment", application);
  assert.equal(payment.UnappliedAmt, 0);
  assert.equal((await h.get(`/invoice/${invoice.Id}`)).Balance, 400);
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, 400);
  const b = balancesOf(h);
  assert.deepEqual([b.ar, b.uf, b.rent], [40000, 0, -100000]);

  // The credit is used up: applying it again is refused, and so is a journal without the customer's A/R line.
  const again = await h.call("POST", "/payment", {
    ...application,
    Line: [
      { Amount: 100, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] },
      { Amount: 100, LinkedTxn: [{ TxnId: journal.Id, TxnType: "JournalEntry" }] },
    ],
  });
  assert.equal(faultOf(again.json).code, "6000");
  const other = await h.ok("/journalentry", {
    Line: [jeLine("Debit", liability, 50, false), jeLine("Credit", ar, 50, false)],
  });
  const unrelated = await h.call("POST", "/payment", {
    ...application,
    Line: [
      { Amount: 50, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] },
      { Amount: 50, LinkedTxn: [{ TxnId: other.Id, TxnType: "JournalEntry" }] },
    ],
  });
  assert.equal(faultOf(unrelated.json).code, "6000");
  assert.match(faultOf(unrelated.json).Detail, /no Accounts Receivable line/);
  const missing = await h.call("POST", "/payment", {
    ...application,
    Line: [{ Amount: 5, LinkedTxn: [{ TxnId: "99999", TxnType: "JournalEntry" }] }],
  });
  assert.equal(faultOf(missing.json).code, "2500");

  // Voiding the application reopens the invoice and the journal's credit.
  await h.ok("/payment?operation=void", { Id: payment.Id, SyncToken: payment.SyncToken });
  assert.equal((await h.get(`/invoice/${invoice.Id}`)).Balance, 1000);
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, 400, "the journal's A/R credit stays");
});
