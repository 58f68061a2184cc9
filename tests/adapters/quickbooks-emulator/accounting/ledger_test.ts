import assert from "node:assert/strict";
import { Ledger } from "../../../../adapters/quickbooks-emulator/accounting/ledger.ts";

const TYPES: Record<string, string> = {
  "1": "Accounts Receivable",
  "2": "Income",
  "3": "Accounts Payable",
  "4": "Expense",
};

Deno.test("Ledger.replace: keeps account, customer and vendor balances incrementally", () => {
  const ledger = new Ledger((id) => TYPES[id]);
  const base = { txnType: "Invoice", txnId: "1", txnDate: "2026-01-01" };
  ledger.replace("Invoice", "1", [
    { ...base, accountId: "1", amountCents: 1000, customerId: "7" },
    { ...base, accountId: "2", amountCents: -1000, customerId: "7" },
  ]);
  assert.equal(ledger.accountBalance("1"), 1000);
  assert.equal(ledger.customerBalance("7"), 1000);
  ledger.replace("Invoice", "1", [
    { ...base, accountId: "1", amountCents: 600, customerId: "7" },
    { ...base, accountId: "2", amountCents: -600, customerId: "7" },
  ]);
  assert.equal(ledger.customerBalance("7"), 600);
  const bill = { txnType: "Bill", txnId: "2", txnDate: "2026-01-02" };
  ledger.replace("Bill", "2", [
    { ...bill, accountId: "4", amountCents: 250, vendorId: "9" },
    { ...bill, accountId: "3", amountCents: -250, vendorId: "9" },
  ]);
  assert.equal(ledger.vendorBalance("9"), 250);
  ledger.replace("Invoice", "1", []);
  assert.equal(ledger.accountBalance("1"), 0);
  assert.equal(ledger.allPostings().length, 2);
});

Deno.test("Ledger.replace: refuses unbalanced postings", () => {
  const ledger = new Ledger(() => undefined);
  assert.throws(
    () =>
      ledger.replace("JournalEntry", "1", [{
        txnType: "JournalEntry",
        txnId: "1",
        txnDate: "2026-01-01",
        accountId: "1",
        amountCents: 5,
      }]),
    RangeError,
  );
});
