import assert from "node:assert/strict";
import {
  mapBillPayment,
  mapExpenseToBill,
  mapExpenseToPurchase,
} from "../../../../domain/mapping/to_quickbooks/expense_to_qbo.ts";
import { ExpenseSchema } from "../../../../domain/model/estatecore/expense.ts";
import { SyncSettingsSchema } from "../../../../domain/ports/sync_settings_repository.ts";
import { isDomainError } from "../../../../domain/errors.ts";
import { context, usd } from "../mapping_fixtures.ts";

const repair = ExpenseSchema.parse({
  id: "exp_1",
  vendor_id: "ven_1",
  property_id: "prop_1",
  unit_id: "unit_4b",
  category: "repairs_maintenance",
  amount: usd(32_500),
  description: "Fix leaking faucet",
  reference: "INV-889",
  bill_date: "2026-03-10",
  due_date: "2026-04-09",
  settlement: "bill",
});

const expectedLine = {
  Amount: 325,
  DetailType: "AccountBasedExpenseLineDetail",
  Description: "Fix leaking faucet, Unit 4B",
  AccountBasedExpenseLineDetail: {
    AccountRef: { value: "60" },
    ClassRef: { value: "900" },
    BillableStatus: "NotBillable",
  },
};

Deno.test("mapExpenseToBill: vendor, A/P, expense account by category and the property class", () => {
  assert.deepEqual(mapExpenseToBill(repair, context()), {
    ok: true,
    value: {
      entity: "Bill",
      key: "bill",
      payload: {
        VendorRef: { value: "41" },
        APAccountRef: { value: "33" },
        TxnDate: "2026-03-10",
        DueDate: "2026-04-09",
        DocNumber: "INV-889",
        Line: [expectedLine],
        PrivateNote: "EstateCore expense exp_1",
      },
    },
  });
});

Deno.test("mapExpenseToBill: parent-customer tracking tags the line with the property's customer", () => {
  const ctx = context({
    settings: SyncSettingsSchema.parse({
      property_tracking: "parent_customer",
    }),
  });
  const result = mapExpenseToBill(repair, ctx);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  const line = (result.value.payload.Line as Array<{ AccountBasedExpenseLineDetail: unknown }>)[0];
  assert.deepEqual(line.AccountBasedExpenseLineDetail, {
    AccountRef: { value: "60" },
    CustomerRef: { value: "57" },
    BillableStatus: "NotBillable",
  });
});

Deno.test("mapExpenseToBill: an unmapped category throws QB006 naming property and category", () => {
  assert.throws(
    () => mapExpenseToBill({ ...repair, category: "landscaping" }, context()),
    (e) =>
      isDomainError(e) && e.code === "QB006" && e.details.property_id === "prop_1" &&
      e.details.expense_category === "landscaping",
  );
});

Deno.test("mapBillPayment: pays the synced bill by check from the operating bank", () => {
  const paid = {
    ...repair,
    payment: {
      id: "bp_1",
      date: "2026-04-01",
      amount: usd(32_500),
      method: "check" as const,
      reference: "3051",
    },
  };
  assert.deepEqual(mapBillPayment(paid, context()), {
    ok: true,
    value: [{
      entity: "BillPayment",
      key: "bill_payment",
      payload: {
        VendorRef: { value: "41" },
        PayType: "Check",
        CheckPayment: { BankAccountRef: { value: "35" } },
        TotalAmt: 325,
        TxnDate: "2026-04-01",
        DocNumber: "3051",
        Line: [{ Amount: 325, LinkedTxn: [{ TxnId: "150", TxnType: "Bill" }] }],
        PrivateNote: "EstateCore expense exp_1, payment bp_1 (check)",
      },
    }],
  });
  assert.deepEqual(mapBillPayment(repair, context()), { ok: true, value: [] });
});

Deno.test("mapExpenseToPurchase: paid at once by card posts against the credit card account", () => {
  const supplies = ExpenseSchema.parse({
    ...repair,
    id: "exp_2",
    unit_id: undefined,
    description: undefined,
    reference: undefined,
    category: "utilities",
    amount: usd(9_999),
    settlement: "paid_at_once",
    payment: { id: "p2", date: "2026-03-11", amount: usd(9_999), method: "card" },
  });
  assert.deepEqual(mapExpenseToPurchase(supplies, context()), {
    ok: true,
    value: {
      entity: "Purchase",
      key: "purchase",
      payload: {
        PaymentType: "CreditCard",
        AccountRef: { value: "42" },
        EntityRef: { value: "41", type: "Vendor" },
        TxnDate: "2026-03-11",
        Line: [{
          Amount: 99.99,
          DetailType: "AccountBasedExpenseLineDetail",
          AccountBasedExpenseLineDetail: {
            AccountRef: { value: "61" },
            ClassRef: { value: "900" },
            BillableStatus: "NotBillable",
          },
        }],
        PrivateNote: "EstateCore expense exp_2, payment p2 (card)",
      },
    },
  });
});

Deno.test("mapExpenseToPurchase: refuses an expense entered as a bill", () => {
  assert.throws(
    () => mapExpenseToPurchase(repair, context()),
    (e) => isDomainError(e) && e.code === "VALIDATION_FAILED",
  );
});
