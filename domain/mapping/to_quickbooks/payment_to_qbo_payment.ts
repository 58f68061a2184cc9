import { DomainError } from "../../errors.ts";
import type { Payment } from "../../model/estatecore/payment.ts";
import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import { centsToDecimal } from "../../shared/money.ts";
import { resolveAccount } from "../account_resolution.ts";
import { DependencyCollector, mapped, type MappingResult } from "../mapping_result.ts";
import type { ResolutionContext } from "../resolution_context.ts";
import { compact, ref } from "./qbo_refs.ts";
import { ownEntry } from "../own_entry.ts";

/**
 * A received tenant payment -> QBO Payment payload.
 *
 * - TotalAmt is the whole amount received. Allocations are summed per invoice (two charges on the
 *   same invoice make one line) into `Line[{Amount, LinkedTxn:[{TxnId, TxnType:"Invoice"}]}]`, in
 *   order of first allocation; what is not allocated stays as QBO's UnappliedAmt (tenant credit).
 * - DepositToAccountRef: the Undeposited Funds account, or the operating bank when the org deposits
 *   straight to the bank (`deposit_to`), both from the account mapping.
 * - PaymentRefNum: the check number / processor reference; PrivateNote: the EstateCore ids and method.
 *
 * Returned or voided payments are not created: use `mapPaymentReversal` (VALIDATION_FAILED here).
 *
 * @example
 * ```ts
 * mapPaymentToQboPayment(partialPayment, ctx);
 * // { ok: true, value: { CustomerRef: { value: "58" }, TotalAmt: 700,
 * //   Line: [{ Amount: 700, LinkedTxn: [{ TxnId: "130", TxnType: "Invoice" }] }], ... } }
 * ```
 */
export function mapPaymentToQboPayment(payment: Payment, ctx: ResolutionContext): MappingResult<QboPayload> {
  if (payment.status === "returned" || payment.status === "void") {
    throw new DomainError(
      "VALIDATION_FAILED",
      `Payment ${payment.id} is ${payment.status}; map its reversal`,
      {
        field: "status",
        payment_id: payment.id,
      },
    );
  }
  const deps = new DependencyCollector();
  const customerId = deps.require(
    "Customer",
    "tenant",
    payment.tenant_id,
    ownEntry(ctx.links.customers, payment.tenant_id),
  );
  const byInvoice = new Map<string, number>();
  for (const allocation of payment.allocations) {
    const invoiceId = deps.require(
      "Invoice",
      "charge",
      allocation.charge_id,
      ownEntry(ctx.links.invoicesByCharge, allocation.charge_id),
    );
    byInvoice.set(invoiceId, (byInvoice.get(invoiceId) ?? 0) + allocation.amount.cents);
  }
  const purpose = ctx.settings.deposit_to === "bank" ? "operating_bank" : "undeposited_funds";
  const depositTo = resolveAccount(ctx.accounts, payment.property_id, purpose);
  if (deps.hasMissing()) return deps.failure();
  return mapped(compact({
    CustomerRef: ref(customerId),
    TotalAmt: centsToDecimal(payment.amount.cents),
    TxnDate: payment.date,
    PaymentRefNum: payment.reference,
    DepositToAccountRef: ref(depositTo),
    Line: [...byInvoice].map(([invoiceId, cents]) => ({
      Amount: centsToDecimal(cents),
      LinkedTxn: [{ TxnId: invoiceId, TxnType: "Invoice" }],
    })),
    PrivateNote: `EstateCore payment ${payment.id} (${payment.method})`,
  }));
}
