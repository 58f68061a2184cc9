import { billingChargeFromModel, billingPaymentsFromModel } from "../billing/billing_from_model.ts";
import type { BillingCharge } from "../billing/billing_charge.ts";
import { modelChargeFromBilling } from "../billing/billing_to_model.ts";
import type { LateFeePolicy } from "../billing/late_fee_policy.ts";
import { type AssessedLateFee, assessLateFees } from "../billing/late_fees.ts";
import type { Charge } from "../model/estatecore/charge.ts";
import type { Payment } from "../model/estatecore/payment.ts";
import { type CalendarDate, compareDates } from "../shared/calendar_date.ts";

/** The policies a run applies: per property, else the organization's default. */
export interface LateFeePolicies {
  readonly defaultPolicy?: LateFeePolicy;
  readonly byProperty: Readonly<Record<string, LateFeePolicy>>;
}

/** What a late-fee run must write. */
export interface LateFeePlan {
  /** New late-fee charges (ids from `lateFeeKey(lease, period, day)`), each dated the day it accrued. */
  readonly charges: Charge[];
  /** Properties with charges but no policy: never charged a late fee. */
  readonly propertiesWithoutPolicy: string[];
}

/**
 * The late fees owed as of `asOf` under each property's policy (grace days, flat or percent, daily
 * accrual, caps per period and per lease: see domain/billing/late_fees.ts), minus those already on
 * the books. Only charges due on or after `fromDate` can be late. Every late-fee charge already stored
 * counts against the caps; a voided one (a waived fee) counts as assessed with nothing charged, so it
 * is never re-created. Computed only from charges and payments, so re-running yields nothing new.
 *
 * @example
 * ```ts
 * const rent = { id: "r1", lease_id: "l1", tenant_id: "t1", property_id: "p1", type: "rent" as const,
 *   amount: { cents: 150_000, currency: "USD" }, billing_period: "2026-05",
 *   service_period: { start: "2026-05-01", end: "2026-05-31" }, due_date: "2026-05-01", status: "open" as const };
 * const policy = { graceDays: 5, initialFee: { kind: "flat" as const, amountCents: 5_000 },
 *   dailyAccrualCents: 0, appliesTo: ["rent" as const] };
 * planLateFees([rent], [], { byProperty: { p1: policy } }, "2026-05-31", "2026-01-01").charges[0].id;
 * // "lfee_l1_2026-05_2026-05-07"
 * ```
 */
export function planLateFees(
  charges: readonly Charge[],
  payments: readonly Payment[],
  policies: LateFeePolicies,
  asOf: CalendarDate,
  fromDate: CalendarDate,
): LateFeePlan {
  const byProperty = new Map<string, { charges: BillingCharge[]; assessed: AssessedLateFee[] }>();
  const group = (propertyId: string) => {
    let g = byProperty.get(propertyId);
    if (!g) byProperty.set(propertyId, g = { charges: [], assessed: [] });
    return g;
  };
  for (const charge of charges) {
    const g = group(charge.property_id);
    if (charge.type === "late_fee") {
      g.assessed.push({
        key: charge.id,
        leaseId: charge.lease_id,
        period: charge.billing_period,
        amountCents: charge.status === "void" ? 0 : charge.amount.cents,
      });
    }
    const billing = billingChargeFromModel(charge);
    if (billing !== null) g.charges.push(billing);
  }
  const billingPayments = payments.flatMap(billingPaymentsFromModel);
  const out: Charge[] = [];
  const withoutPolicy: string[] = [];
  for (const [propertyId, g] of [...byProperty].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const policy = policies.byProperty[propertyId] ?? policies.defaultPolicy;
    if (!policy) {
      withoutPolicy.push(propertyId);
      continue;
    }
    // Charges due before `fromDate` still take their payments (allocations are per charge) but can
    // never be late: they are simply not of a type the policy applies to here.
    const subject = g.charges.filter((c) =>
      !policy.appliesTo.includes(c.type) || compareDates(c.dueDate, fromDate) >= 0
    );
    for (const fee of assessLateFees(policy, subject, billingPayments, asOf, g.assessed)) {
      const charge = modelChargeFromBilling(
        fee,
        `Late fee for ${fee.period} (${fee.kind === "initial" ? "first late day" : "daily accrual"}, ` +
          `on an overdue balance of ${(fee.overdueCents / 100).toFixed(2)})`,
      );
      if (charge !== null) out.push(charge);
    }
  }
  return { charges: out, propertiesWithoutPolicy: withoutPolicy };
}
