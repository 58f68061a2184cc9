import type { PaymentAllocation } from "../../model/estatecore/payment.ts";
import type { QboPayment } from "../../model/quickbooks/qbo_payment.ts";
import type { Money } from "../../shared/money.ts";
import { money } from "../../shared/money.ts";
import { ownEntry } from "../own_entry.ts";

/** A charge billed on a synced invoice, with what is still open on it in EstateCore. */
export interface InvoiceChargeShare {
  readonly charge_id: string;
  readonly open_cents: number;
}

/** What is needed to read a QBO payment in EstateCore terms. */
export interface PaymentPullContext {
  readonly currency: string;
  /** QBO Customer id -> tenant id (and the tenant's property). */
  readonly tenantsByCustomer: Readonly<Record<string, { tenant_id: string; property_id: string }>>;
  /** QBO Invoice id -> its charges, in the order payments settle them (rent first). */
  readonly chargesByInvoice: Readonly<Record<string, readonly InvoiceChargeShare[]>>;
}

/**
 * A payment entered in QBO, proposed to EstateCore as a payment record. `unapplied` is the
 * customer credit (QBO UnappliedAmt) plus anything linked to an invoice beyond its charges' open
 * amounts, which then also sets `needs_review`.
 */
export interface PaymentProposal {
  readonly qbo_payment_id: string;
  readonly tenant_id: string;
  readonly property_id: string;
  readonly amount: Money;
  readonly date: string;
  readonly reference?: string;
  readonly allocations: readonly PaymentAllocation[];
  readonly unapplied: Money;
  readonly needs_review: boolean;
}

/** Why a QBO payment is not proposed. */
export type PaymentPullOutcome =
  | { readonly kind: "proposal"; readonly proposal: PaymentProposal }
  | { readonly kind: "ignored"; readonly reason: "unknown_customer" | "no_synced_invoice" | "not_active" };

/**
 * Reads a payment entered directly in QBO against synced invoices as an EstateCore payment
 * proposal: each invoice line's amount is spread over that invoice's charges in order, up to what
 * is open on each. Payments of customers we do not know, touching none of our invoices (and with
 * no unapplied credit), or voided/deleted, are ignored.
 *
 * @example
 * ```ts
 * proposePaymentFromQbo(qboPayment, pullCtx);
 * // { kind: "proposal", proposal: { tenant_id: "ten_1", amount: { cents: 70000, currency: "USD" },
 * //   allocations: [{ charge_id: "chg_rent_2026_03", amount: { cents: 70000, currency: "USD" } }], ... } }
 * ```
 */
export function proposePaymentFromQbo(payment: QboPayment, ctx: PaymentPullContext): PaymentPullOutcome {
  if (payment.state !== "active") return { kind: "ignored", reason: "not_active" };
  const tenant = ownEntry(ctx.tenantsByCustomer, payment.customerId);
  if (tenant === undefined) return { kind: "ignored", reason: "unknown_customer" };
  const allocated = new Map<string, number>();
  let leftover = 0;
  let touchedOurs = false;
  for (const line of payment.lines) {
    const invoice = line.linkedTxns.find((t) => t.txnType === "Invoice");
    const shares = invoice === undefined ? undefined : ownEntry(ctx.chargesByInvoice, invoice.txnId);
    if (shares === undefined) {
      leftover += line.amountCents;
      continue;
    }
    touchedOurs = true;
    let remaining = line.amountCents;
    for (const share of shares) {
      const already = allocated.get(share.charge_id) ?? 0;
      const take = Math.max(0, Math.min(remaining, share.open_cents - already));
      if (take > 0) allocated.set(share.charge_id, already + take);
      remaining -= take;
    }
    leftover += remaining;
  }
  if (!touchedOurs && payment.unappliedCents === 0) return { kind: "ignored", reason: "no_synced_invoice" };
  return {
    kind: "proposal",
    proposal: {
      qbo_payment_id: payment.id,
      tenant_id: tenant.tenant_id,
      property_id: tenant.property_id,
      amount: money(payment.totalCents, ctx.currency),
      date: payment.txnDate,
      ...(payment.paymentRefNum === undefined ? {} : { reference: payment.paymentRefNum }),
      allocations: [...allocated].map(([charge_id, cents]) => ({
        charge_id,
        amount: money(cents, ctx.currency),
      })),
      unapplied: money(payment.unappliedCents + leftover, ctx.currency),
      needs_review: leftover > 0,
    },
  };
}
