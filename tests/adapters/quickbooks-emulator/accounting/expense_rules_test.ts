import assert from "node:assert/strict";
import { ledgerView } from "../../../../adapters/quickbooks-emulator/accounting/mod.ts";
import { accountingHarness, faultOf } from "./accounting_harness.ts";

function expenseLine(
  h: ReturnType<typeof accountingHarness>,
  amount: number,
  account = "Repairs and Maintenance",
) {
  return {
    Amount: amount,
    DetailType: "AccountBasedExpenseLineDetail",
    AccountBasedExpenseLineDetail: { AccountRef: { value: h.idOf("Account", account) } },
  };
}

Deno.test("billRules / billPaymentRules: bill balance follows payments; A/P and bank post", async () => {
  const h = accountingHarness();
  const vendor = await h.ok("/vendor", { DisplayName: "Plumber Co" });
  const bill = await h.ok("/bill", {
    VendorRef: { value: vendor.Id },
    Line: [expenseLine(h, 250), expenseLine(h, 50, "Utilities")],
  });
  assert.equal(bill.TotalAmt, 300);
  assert.equal(bill.Balance, 300);
  assert.equal(bill.APAccountRef.name, "Accounts Payable (A/P)");
  assert.equal(bill.Line[0].AccountBasedExpenseLineDetail.BillableStatus, "NotBillable");
  const pay = await h.ok("/billpayment", {
    VendorRef: { value: vendor.Id },
    PayType: "Check",
    TotalAmt: 200,
    CheckPayment: { BankAccountRef: { value: h.idOf("Account", "Checking") } },
    Line: [{ Amount: 200, LinkedTxn: [{ TxnId: bill.Id, TxnType: "Bill" }] }],
  });
  assert.equal((await h.get(`/bill/${bill.Id}`)).Balance, 100);
  assert.equal((await h.get(`/vendor/${vendor.Id}`)).Balance, 100);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Checking")}`)).CurrentBalance, -200);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Accounts Payable (A/P)")}`)).CurrentBalance, 100);
  const voided = await h.ok("/billpayment?operation=update&include=void", {
    Id: pay.Id,
    SyncToken: pay.SyncToken,
    sparse: true,
  });
  assert.equal(voided.TotalAmt, 0);
  assert.equal((await h.get(`/bill/${bill.Id}`)).Balance, 300);
  const vendorPostings = ledgerView(h.companies, h.realmId)!.postings.filter((p) => p.vendorId === vendor.Id);
  assert.ok(vendorPostings.length > 0);
});

Deno.test("billPaymentRules: PayType and the bank account are required", async () => {
  const h = accountingHarness();
  const vendor = await h.ok("/vendor", { DisplayName: "Roofer" });
  assert.equal(
    faultOf((await h.call("POST", "/billpayment", { VendorRef: { value: vendor.Id }, TotalAmt: 5 })).json)
      .code,
    "2020",
  );
  const noBank = await h.call("POST", "/billpayment", {
    VendorRef: { value: vendor.Id },
    TotalAmt: 5,
    PayType: "Check",
  });
  assert.equal(faultOf(noBank.json).element, "CheckPayment.BankAccountRef");
});

Deno.test("purchaseRules: Dr expense / Cr paying account, with class and customer on the posting", async () => {
  const h = accountingHarness({ classTracking: true });
  const cls = await h.ok("/class", { Name: "Building A" });
  const customer = await h.ok("/customer", { DisplayName: "Unit 9" });
  const vendor = await h.ok("/vendor", { DisplayName: "Hardware Store" });
  const purchase = await h.ok("/purchase", {
    PaymentType: "Cash",
    AccountRef: { value: h.idOf("Account", "Checking") },
    EntityRef: { value: vendor.Id, type: "Vendor" },
    Line: [{
      Amount: 80,
      DetailType: "AccountBasedExpenseLineDetail",
      AccountBasedExpenseLineDetail: {
        AccountRef: { value: h.idOf("Account", "Repairs and Maintenance") },
        ClassRef: { value: cls.Id },
        CustomerRef: { value: customer.Id },
      },
    }],
  });
  assert.equal(purchase.TotalAmt, 80);
  const postings = ledgerView(h.companies, h.realmId)!.postings.filter((p) =>
    p.txnId === purchase.Id && p.txnType === "Purchase"
  );
  const expense = postings.find((p) => p.accountId === h.idOf("Account", "Repairs and Maintenance"))!;
  assert.equal(expense.amountCents, 8000);
  assert.equal(expense.classId, cls.Id);
  assert.equal(expense.customerId, customer.Id);
  assert.equal(postings.find((p) => p.accountId === h.idOf("Account", "Checking"))!.amountCents, -8000);
  assert.equal(
    faultOf(
      (await h.call("POST", "/purchase", { PaymentType: "Barter", AccountRef: { value: "3" }, Line: [] }))
        .json,
    ).code,
    "2170",
  );
});
