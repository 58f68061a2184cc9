import assert from "node:assert/strict";
import { ledgerView } from "../../../../adapters/quickbooks-emulator/accounting/mod.ts";
import { accountingHarness, faultOf } from "./accounting_harness.ts";

function jeLine(
  h: ReturnType<typeof accountingHarness>,
  postingType: string,
  amount: number,
  account: string,
  extra = {},
) {
  return {
    Amount: amount,
    DetailType: "JournalEntryLineDetail",
    JournalEntryLineDetail: {
      PostingType: postingType,
      AccountRef: { value: h.idOf("Account", account) },
      ...extra,
    },
  };
}

Deno.test("journalEntryRules: unbalanced lines are 2300; a missing PostingType is 2260", async () => {
  const h = accountingHarness();
  const res = await h.call("POST", "/journalentry", {
    Line: [jeLine(h, "Debit", 100, "Checking"), jeLine(h, "Credit", 90, "Opening Balance Equity")],
  });
  assert.equal(res.status, 400);
  assert.equal(faultOf(res.json).code, "2300");
  const noType = await h.call("POST", "/journalentry", {
    Line: [{
      Amount: 1,
      DetailType: "JournalEntryLineDetail",
      JournalEntryLineDetail: { AccountRef: { value: "3" } },
    }],
  });
  assert.equal(faultOf(noType.json).code, "2260");
});

Deno.test("journalEntryRules: a balanced entry posts each line, with entity, class and department", async () => {
  const h = accountingHarness({ classTracking: true, locationTracking: true });
  const customer = await h.ok("/customer", { DisplayName: "Opening Tenant" });
  const dept = await h.ok("/department", { Name: "North" });
  const je = await h.ok("/journalentry", {
    Line: [
      jeLine(h, "Debit", 250, "Accounts Receivable (A/R)", {
        Entity: { Type: "Customer", EntityRef: { value: customer.Id } },
        DepartmentRef: { value: dept.Id },
      }),
      jeLine(h, "Credit", 250, "Opening Balance Equity"),
    ],
  });
  assert.equal(je.TotalAmt, 250);
  assert.equal((await h.get(`/customer/${customer.Id}`)).Balance, 250);
  const postings = ledgerView(h.companies, h.realmId)!.postings.filter((p) => p.txnType === "JournalEntry");
  assert.equal(postings.find((p) => p.amountCents > 0)!.departmentId, dept.Id);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Opening Balance Equity")}`)).CurrentBalance, 250);
});

Deno.test("depositRules: direct lines credit their account; linked payments leave Undeposited Funds", async () => {
  const h = accountingHarness();
  const customer = await h.ok("/customer", { DisplayName: "Depositor" });
  const p1 = await h.ok("/payment", { CustomerRef: { value: customer.Id }, TotalAmt: 100 });
  const deposit = await h.ok("/deposit", {
    DepositToAccountRef: { value: h.idOf("Account", "Checking") },
    Line: [
      { Amount: 100, LinkedTxn: [{ TxnId: p1.Id, TxnType: "Payment" }] },
      {
        Amount: 40,
        DetailType: "DepositLineDetail",
        DepositLineDetail: {
          AccountRef: { value: h.idOf("Account", "Late Fee Income") },
          Entity: { value: customer.Id, type: "Customer" },
        },
      },
    ],
  });
  assert.equal(deposit.TotalAmt, 140);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Checking")}`)).CurrentBalance, 140);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Undeposited Funds")}`)).CurrentBalance, 0);
  assert.equal((await h.get(`/account/${h.idOf("Account", "Late Fee Income")}`)).CurrentBalance, 40);
  const twice = await h.call("POST", "/deposit", {
    DepositToAccountRef: { value: h.idOf("Account", "Checking") },
    Line: [{ Amount: 100, LinkedTxn: [{ TxnId: p1.Id, TxnType: "Payment" }] }],
  });
  assert.equal(faultOf(twice.json).code, "6000");
});
