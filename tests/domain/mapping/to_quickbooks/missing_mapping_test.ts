import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ACCOUNT_PURPOSE_FALLBACK,
  type AccountPurpose,
  AccountPurposeSchema,
} from "../../../../domain/mapping/account_mapping.ts";
import { mapChargesToInvoice } from "../../../../domain/mapping/to_quickbooks/charges_to_invoice.ts";
import { mapPaymentToQboPayment } from "../../../../domain/mapping/to_quickbooks/payment_to_qbo_payment.ts";
import { mapDepositDisposition } from "../../../../domain/mapping/to_quickbooks/deposit_disposition_to_qbo.ts";
import {
  mapBillPayment,
  mapExpenseToBill,
  mapExpenseToPurchase,
} from "../../../../domain/mapping/to_quickbooks/expense_to_qbo.ts";
import { ChargeSchema, ChargeTypeSchema } from "../../../../domain/model/estatecore/charge.ts";
import { PaymentSchema } from "../../../../domain/model/estatecore/payment.ts";
import { DepositDispositionSchema } from "../../../../domain/model/estatecore/deposit_disposition.ts";
import { ExpenseSchema } from "../../../../domain/model/estatecore/expense.ts";
import { SyncSettingsSchema } from "../../../../domain/ports/sync_settings_repository.ts";
import { isDomainError } from "../../../../domain/errors.ts";
import { accounts, context, rentMarch, usd } from "../mapping_fixtures.ts";

const allCharges = ChargeTypeSchema.options.filter((t) => t !== "late_fee").map((type) =>
  ChargeSchema.parse({ ...rentMarch, id: `chg_${type}`, type })
);
const lateFee = ChargeSchema.parse({ ...rentMarch, id: "chg_lf", type: "late_fee" });
const payment = PaymentSchema.parse({
  id: "pay_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  amount: usd(100),
  date: "2026-03-03",
  method: "cash",
});
const disposition = DepositDispositionSchema.parse({
  id: "disp_1",
  lease_id: "lease_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  date: "2026-07-05",
  deposit_held: usd(300),
  refund: usd(100),
  kept_for_damages: usd(100),
  applied_to_unpaid_rent: usd(100),
  applied_charges: [{ charge_id: "chg_rent_2026_03", amount: usd(100) }],
});
const bill = ExpenseSchema.parse({
  id: "exp_1",
  vendor_id: "ven_1",
  property_id: "prop_1",
  category: "utilities",
  amount: usd(500),
  bill_date: "2026-03-10",
  settlement: "bill",
  payment: { id: "bp", date: "2026-03-20", amount: usd(500), method: "check" },
});
const cardPurchase = ExpenseSchema.parse({
  ...bill,
  settlement: "paid_at_once",
  payment: { id: "pp", date: "2026-03-10", amount: usd(500), method: "card" },
});

/** Runs every mapper of a full month for one property, for both deposit targets. */
function mapEverything(accountsWithout: typeof accounts): void {
  for (const deposit_to of ["undeposited_funds", "bank"] as const) {
    const ctx = context({
      accounts: accountsWithout,
      settings: SyncSettingsSchema.parse({ deposit_to }),
    });
    mapChargesToInvoice(allCharges, ctx);
    mapChargesToInvoice([lateFee], ctx);
    mapPaymentToQboPayment(payment, ctx);
    mapDepositDisposition(disposition, ctx);
    mapExpenseToBill({ ...bill, payment: undefined }, ctx);
    mapBillPayment(bill, ctx);
    mapExpenseToPurchase(cardPurchase, ctx);
  }
}

function without(purpose: AccountPurpose) {
  const copy = { ...accounts.defaults.accounts };
  delete copy[purpose];
  if (purpose === "other_income") {
    // Income purposes that fall back to other income must go too, or they would still resolve.
    for (const dependent of ["utility_income", "pet_fee_income", "damage_income"] as const) {
      delete copy[dependent];
    }
  }
  return { ...accounts, defaults: { ...accounts.defaults, accounts: copy } };
}

Deno.test("mappers: removing any mapped account makes a full month fail with QB006 naming the property (property)", () => {
  // Purposes with a documented fallback (pet fee, utility, damage income -> other income) are optional.
  const mapped = AccountPurposeSchema.options.filter((p) =>
    accounts.defaults.accounts[p] !== undefined && ACCOUNT_PURPOSE_FALLBACK[p] === undefined
  );
  fc.assert(fc.property(fc.constantFrom(...mapped), (purpose) => {
    assert.throws(
      () => mapEverything(without(purpose)),
      (e) => isDomainError(e) && e.code === "QB006" && e.details.property_id === "prop_1",
      `removing ${purpose} should raise QB006`,
    );
  }));
});

Deno.test("mappers: removing an expense category makes the bill fail with QB006 naming the category", () => {
  const noUtilities = {
    ...accounts,
    defaults: { ...accounts.defaults, expense_accounts: { repairs_maintenance: "60" } },
  };
  assert.throws(
    () => mapEverything(noUtilities),
    (e) => isDomainError(e) && e.code === "QB006" && e.details.expense_category === "utilities",
  );
  assert.doesNotThrow(() => mapEverything(accounts));
});
