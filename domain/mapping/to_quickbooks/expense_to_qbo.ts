import { DomainError } from "../../errors.ts";
import type { Expense } from "../../model/estatecore/expense.ts";
import type { DesiredQboObject } from "../../model/quickbooks/qbo_payload.ts";
import { centsToDecimal } from "../../shared/money.ts";
import { resolveAccount } from "../account_resolution.ts";
import { DependencyCollector, mapped, type MappingResult } from "../mapping_result.ts";
import type { ResolutionContext } from "../resolution_context.ts";
import { expenseLine } from "./expense_line.ts";
import { compact, ref } from "./qbo_refs.ts";
import { ownEntry } from "../own_entry.ts";

/**
 * An expense entered on account (`settlement: "bill"`) -> QBO Bill: the vendor, APAccountRef from
 * the mapping, bill and due dates, the vendor's invoice number as DocNumber, one expense line.
 *
 * @example
 * ```ts
 * mapExpenseToBill(repair, ctx);
 * // { ok: true, value: { VendorRef: { value: "41" }, APAccountRef: { value: "33" }, TxnDate: "2026-03-10", Line: [...] } }
 * ```
 */
export function mapExpenseToBill(expense: Expense, ctx: ResolutionContext): MappingResult<DesiredQboObject> {
  requireSettlement(expense, "bill");
  const deps = new DependencyCollector();
  const vendorId = deps.require(
    "Vendor",
    "vendor",
    expense.vendor_id,
    ownEntry(ctx.links.vendors, expense.vendor_id),
  );
  const part = expenseLine(expense, ctx, deps);
  const payable = resolveAccount(ctx.accounts, expense.property_id, "accounts_payable");
  if (deps.hasMissing()) return deps.failure();
  return mapped({
    entity: "Bill",
    key: "bill",
    payload: compact({
      VendorRef: ref(vendorId),
      APAccountRef: ref(payable),
      TxnDate: expense.bill_date,
      DueDate: expense.due_date,
      DocNumber: expense.reference,
      DepartmentRef: part.headerDepartment,
      Line: [part.line],
      PrivateNote: `EstateCore expense ${expense.id}`,
    }),
  });
}

/**
 * The payment of a bill -> QBO BillPayment: PayType "Check" out of the operating bank
 * (CheckPayment.BankAccountRef; ACH and cash payments also leave the bank, so they are entered
 * the same way), one line linked to the Bill. Needs the bill to be synced. Answers an empty list
 * when the expense is not paid yet.
 *
 * @example
 * ```ts
 * mapBillPayment({ ...repair, payment }, ctx);
 * // { ok: true, value: [{ entity: "BillPayment", key: "bill_payment", payload: { PayType: "Check", TotalAmt: 325,
 * //   CheckPayment: { BankAccountRef: { value: "35" } }, Line: [{ Amount: 325, LinkedTxn: [{ TxnId: "150", TxnType: "Bill" }] }] } }] }
 * ```
 */
export function mapBillPayment(expense: Expense, ctx: ResolutionContext): MappingResult<DesiredQboObject[]> {
  requireSettlement(expense, "bill");
  const payment = expense.payment;
  if (payment === undefined) return mapped([]);
  if (payment.method === "card") {
    throw new DomainError(
      "VALIDATION_FAILED",
      "Bills paid by card are entered in QBO's card account, not supported",
      {
        field: "payment.method",
        expense_id: expense.id,
      },
    );
  }
  const deps = new DependencyCollector();
  const vendorId = deps.require(
    "Vendor",
    "vendor",
    expense.vendor_id,
    ownEntry(ctx.links.vendors, expense.vendor_id),
  );
  const billId = deps.require("Bill", "expense", expense.id, ownEntry(ctx.links.bills, expense.id));
  const bank = resolveAccount(ctx.accounts, expense.property_id, "operating_bank");
  if (deps.hasMissing()) return deps.failure();
  const amount = centsToDecimal(payment.amount.cents);
  return mapped([{
    entity: "BillPayment",
    key: "bill_payment",
    payload: compact({
      VendorRef: ref(vendorId),
      PayType: "Check",
      CheckPayment: { BankAccountRef: ref(bank) },
      TotalAmt: amount,
      TxnDate: payment.date,
      DocNumber: payment.reference,
      Line: [{ Amount: amount, LinkedTxn: [{ TxnId: billId, TxnType: "Bill" }] }],
      PrivateNote: `EstateCore expense ${expense.id}, payment ${payment.id} (${payment.method})`,
    }),
  }]);
}

/**
 * An expense paid at once -> QBO Purchase out of the operating bank (check: PaymentType "Check";
 * ACH or cash: "Cash") or the credit-card account (card: "CreditCard"), the vendor as EntityRef.
 *
 * @example
 * ```ts
 * mapExpenseToPurchase(suppliesByCheck, ctx);
 * // { ok: true, value: { entity: "Purchase", key: "purchase", payload: { PaymentType: "Check", AccountRef: { value: "35" }, ... } } }
 * ```
 */
export function mapExpenseToPurchase(
  expense: Expense,
  ctx: ResolutionContext,
): MappingResult<DesiredQboObject> {
  requireSettlement(expense, "paid_at_once");
  const payment = expense.payment!;
  const deps = new DependencyCollector();
  const vendorId = deps.require(
    "Vendor",
    "vendor",
    expense.vendor_id,
    ownEntry(ctx.links.vendors, expense.vendor_id),
  );
  const part = expenseLine(expense, ctx, deps);
  const card = payment.method === "card";
  const source = resolveAccount(ctx.accounts, expense.property_id, card ? "credit_card" : "operating_bank");
  if (deps.hasMissing()) return deps.failure();
  return mapped({
    entity: "Purchase",
    key: "purchase",
    payload: compact({
      PaymentType: card ? "CreditCard" : payment.method === "check" ? "Check" : "Cash",
      AccountRef: ref(source),
      EntityRef: { value: vendorId, type: "Vendor" },
      TxnDate: payment.date,
      DocNumber: payment.reference ?? expense.reference,
      DepartmentRef: part.headerDepartment,
      Line: [part.line],
      PrivateNote: `EstateCore expense ${expense.id}, payment ${payment.id} (${payment.method})`,
    }),
  });
}

function requireSettlement(expense: Expense, settlement: Expense["settlement"]): void {
  if (expense.settlement !== settlement) {
    throw new DomainError("VALIDATION_FAILED", `Expense ${expense.id} is settled as ${expense.settlement}`, {
      field: "settlement",
      expense_id: expense.id,
      expected: settlement,
    });
  }
}
