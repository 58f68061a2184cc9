import type { Charge } from "../../model/estatecore/charge.ts";

/** The charges that go on one QBO invoice. */
export interface InvoiceGroup {
  /** Stable key of the invoice: `lease|period` for a period invoice, `late_fee|charge id` for a late fee. */
  readonly key: string;
  readonly kind: "rent_invoice" | "late_fee_invoice";
  readonly charges: readonly Charge[];
}

/**
 * Groups open charges into invoices: one invoice per lease, billed tenant and billing period for
 * every charge type except late fees, which each get their own invoice (so a disputed or waived fee
 * never touches the rent invoice). Voided charges are left out. Sorted by key, so the result does
 * not depend on input order.
 *
 * @example
 * ```ts
 * groupChargesIntoInvoices([rentMarch, petFeeMarch, lateFeeMarch]).map((g) => g.key);
 * // ["late_fee|chg_lf_1", "lease_1|ten_1|2026-03"]
 * ```
 */
export function groupChargesIntoInvoices(charges: readonly Charge[]): InvoiceGroup[] {
  const groups = new Map<string, { kind: InvoiceGroup["kind"]; charges: Charge[] }>();
  for (const charge of charges) {
    if (charge.status === "void") continue;
    const lateFee = charge.type === "late_fee";
    const key = lateFee
      ? `late_fee|${charge.id}`
      : `${charge.lease_id}|${charge.tenant_id}|${charge.billing_period}`;
    const group = groups.get(key) ?? { kind: lateFee ? "late_fee_invoice" : "rent_invoice", charges: [] };
    group.charges.push(charge);
    groups.set(key, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    .map(([key, group]) => ({ key, kind: group.kind, charges: group.charges }));
}
