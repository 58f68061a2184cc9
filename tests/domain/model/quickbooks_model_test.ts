import assert from "node:assert/strict";
import { QboInvoiceSchema } from "../../../domain/model/quickbooks/qbo_invoice.ts";
import { QboJournalEntrySchema } from "../../../domain/model/quickbooks/qbo_journal_entry.ts";
import { QboClassSchema } from "../../../domain/model/quickbooks/qbo_class.ts";

const header = { id: "130", syncToken: "0", txnDate: "2026-03-01", lastUpdated: "2026-03-01T00:00:00Z" };

Deno.test("QboInvoiceSchema: defaults state active, qty 1 and no linked payments", () => {
  const invoice = QboInvoiceSchema.parse({
    ...header,
    customerId: "58",
    lines: [{ amountCents: 150_000, itemId: "7" }],
    totalCents: 150_000,
    balanceCents: 80_000,
  });
  assert.equal(invoice.state, "active");
  assert.equal(invoice.lines[0].qty, 1);
  assert.deepEqual(invoice.linkedTxns, []);
});

Deno.test("QboInvoiceSchema: amounts are integer cents, never decimals", () => {
  const r = QboInvoiceSchema.safeParse({
    ...header,
    customerId: "58",
    lines: [],
    totalCents: 15.5,
    balanceCents: 0,
  });
  assert.equal(r.success, false);
});

Deno.test("QboJournalEntrySchema: needs at least a debit and a credit line", () => {
  const line = { amountCents: 100, postingType: "Debit", accountId: "90" };
  assert.equal(QboJournalEntrySchema.safeParse({ ...header, lines: [line] }).success, false);
  assert.equal(
    QboJournalEntrySchema.safeParse({ ...header, lines: [line, { ...line, postingType: "Credit" }] }).success,
    true,
  );
});

Deno.test("QboClassSchema: keeps ids larger than 2^53 as strings", () => {
  const cls = QboClassSchema.parse({
    id: "5000000000000007195",
    syncToken: "0",
    lastUpdated: "x",
    name: "Maple Ct",
  });
  assert.equal(cls.id, "5000000000000007195");
});
