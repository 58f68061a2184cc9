import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../../../domain/errors.ts";
import { guardMoney, payloadTotalCents } from "../../../domain/mapping/money_guard.ts";

const usd = (cents: number, currency = "USD") => ({ cents, currency });
const payment = { id: "pay_1", amount: usd(70_000), allocations: [{ charge_id: "c1", amount: usd(70_000) }] };
const payload = { TotalAmt: 700, Line: [{ Amount: 700, LinkedTxn: [{ TxnId: "130", TxnType: "Invoice" }] }] };

function violationsOf(run: () => void): { rule: string; field: string }[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, "QB009");
    return error.details.violations as { rule: string; field: string }[];
  }
  assert.fail("expected QB009");
}

Deno.test("guardMoney passes a payment whose payload carries exactly its money", () => {
  guardMoney({ currency: "USD", records: [payment], totals: { Payment: 70_000 } }, [
    { entity: "Payment", payload },
  ]);
});

Deno.test("guardMoney refuses a record in another currency than the company's, naming the field", () => {
  const eur = { ...payment, amount: usd(100, "EUR") };
  const v = violationsOf(() =>
    guardMoney({ currency: "USD", records: [eur], totals: { Payment: 100 } }, [
      { entity: "Payment", payload: { TotalAmt: 1, Line: [] } },
    ])
  );
  assert.deepEqual(v.map((x) => [x.rule, x.field]), [["currency_mismatch", "amount"]]);
});

Deno.test("guardMoney refuses a negative or fractional-cent amount anywhere in the payload", () => {
  const v = violationsOf(() =>
    guardMoney({ currency: "USD", records: [] }, [
      { entity: "JournalEntry", payload: { Line: [{ Amount: -5 }, { Amount: 1.005 }] } },
    ])
  );
  assert.deepEqual(v.map((x) => [x.rule, x.field]), [
    ["negative_amount", "JournalEntry.Line[0].Amount"],
    ["negative_amount", "JournalEntry.Line[1].Amount"],
  ]);
});

Deno.test("guardMoney refuses a CurrencyRef other than the home currency and a negative record amount", () => {
  const v = violationsOf(() =>
    guardMoney({ currency: "USD", records: [{ rent: usd(-1) }] }, [
      { entity: "Invoice", payload: { CurrencyRef: { value: "EUR" }, Line: [] } },
    ])
  );
  assert.deepEqual(v.map((x) => x.rule).sort(), ["currency_mismatch", "negative_amount"]);
});

Deno.test("guardMoney refuses a payload total that is not the record's", () => {
  const v = violationsOf(() =>
    guardMoney({ currency: "USD", records: [], totals: { Invoice: 150_000 } }, [{
      entity: "Invoice",
      payload: {
        Line: [{ DetailType: "SalesItemLineDetail", Amount: 1499.99 }, {
          DetailType: "SubTotalLineDetail",
          Amount: 1,
        }],
      },
    }])
  );
  assert.deepEqual(v.map((x) => [x.rule, x.field]), [["total_mismatch", "Invoice"]]);
});

Deno.test("payloadTotalCents adds detail lines in cents without float drift (property)", () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 40 }), (cents) => {
    const lines = cents.map((c) => ({ DetailType: "SalesItemLineDetail", Amount: c / 100 }));
    assert.equal(payloadTotalCents("Invoice", { Line: lines }), cents.reduce((a, b) => a + b, 0));
    guardMoney({ currency: "USD", records: [], totals: { Invoice: cents.reduce((a, b) => a + b, 0) } }, [
      { entity: "Invoice", payload: { Line: lines } },
    ]);
  }));
});
