import type { CalendarDate } from "../shared/calendar_date.ts";
import type { BillingCharge } from "./billing_charge.ts";

/**
 * A tenant payment (or one allocation of it) as billing needs it. With `chargeKey` it pays only that
 * charge, as an explicit allocation in EstateCore or a LinkedTxn in QBO does, and any excess stays
 * unapplied credit; without, it pays the lease's oldest open charges first.
 */
export interface BillingPayment {
  readonly id: string;
  readonly leaseId: string;
  readonly date: CalendarDate;
  readonly amountCents: number;
  /** The one charge this payment is applied to (explicit allocation). */
  readonly chargeKey?: string;
}

/** Part of a payment applied to one charge, dated with the payment's date. */
export interface PaymentAllocation {
  readonly paymentId: string;
  readonly chargeKey: string;
  readonly date: CalendarDate;
  readonly amountCents: number;
}

/** The result of applying payments to charges: allocations plus what was left as tenant credit. */
export interface AllocationResult {
  readonly allocations: PaymentAllocation[];
  /** Overpayments (QBO UnappliedAmt / tenant credit), per payment id. */
  readonly unappliedByPayment: ReadonlyMap<string, number>;
}

/**
 * Applies payments to charges of the same lease, in payment date order (then id): a payment naming a
 * charge pays only that charge (up to its open balance); any other pays the oldest open charges first
 * (by due date, then key). What remains is unapplied credit (QBO UnappliedAmt).
 * Oldest-first ignores the charge type: pass only rent charges where a jurisdiction requires
 * payments to go to rent before fees. Deterministic, and a payment's allocation never depends on later
 * payments, so balances "as of" a date can be read from allocations dated on or before it.
 *
 * @example
 * ```ts
 * const charges = [{ key: "c1", leaseId: "l1", tenantId: "t1", propertyId: "p1", type: "rent",
 *   period: "2026-05", dueDate: "2026-05-01", amountCents: 150_000, currency: "USD" }];
 * const { allocations } = allocatePayments(charges,
 *   [{ id: "pay1", leaseId: "l1", date: "2026-05-03", amountCents: 100_000 }]);
 * allocations[0].amountCents; // 100_000
 * ```
 */
export function allocatePayments(
  charges: readonly BillingCharge[],
  payments: readonly BillingPayment[],
): AllocationResult {
  const openByKey = new Map<string, number>();
  const chargesByLease = new Map<string, BillingCharge[]>();
  for (const charge of charges) {
    openByKey.set(charge.key, (openByKey.get(charge.key) ?? 0) + charge.amountCents);
    const list = chargesByLease.get(charge.leaseId) ?? [];
    list.push(charge);
    chargesByLease.set(charge.leaseId, list);
  }
  for (const list of chargesByLease.values()) {
    list.sort((a, b) => a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.key < b.key ? -1 : 1);
  }
  const allocations: PaymentAllocation[] = [];
  const unappliedByPayment = new Map<string, number>();
  const ordered = [...payments].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  );
  for (const payment of ordered) {
    let remaining = payment.amountCents;
    const apply = (key: string) => {
      const open = openByKey.get(key) ?? 0;
      const take = Math.min(open, remaining);
      if (take <= 0) return;
      openByKey.set(key, open - take);
      remaining -= take;
      allocations.push({ paymentId: payment.id, chargeKey: key, date: payment.date, amountCents: take });
    };
    if (payment.chargeKey !== undefined) {
      apply(payment.chargeKey);
    } else {
      for (const charge of chargesByLease.get(payment.leaseId) ?? []) {
        if (remaining <= 0) break;
        apply(charge.key);
      }
    }
    if (remaining > 0) unappliedByPayment.set(payment.id, remaining);
  }
  return { allocations, unappliedByPayment };
}
