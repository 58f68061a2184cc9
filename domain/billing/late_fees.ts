import { DomainError } from "../errors.ts";
import { addDays, type CalendarDate, compareDates } from "../shared/calendar_date.ts";
import { type BillingCharge, compactId } from "./billing_charge.ts";
import {
  type LateFeePolicy,
  type LateFeePolicyInput,
  LateFeePolicySchema,
  percentOfCents,
} from "./late_fee_policy.ts";
import { allocatePayments, type BillingPayment, type PaymentAllocation } from "./payment_allocation.ts";

/**
 * One late fee, itself a charge (type `late_fee`, due the day it is assessed) so it can be invoiced on
 * its own invoice. `overdueCents` is the balance the fee was computed on, for the tenant's statement.
 */
export interface LateFeeAssessment extends BillingCharge {
  readonly type: "late_fee";
  readonly kind: "initial" | "daily";
  readonly overdueCents: number;
}

/** What {@link assessLateFees} needs to know about fees already on the books. */
export type AssessedLateFee = Pick<LateFeeAssessment, "key" | "leaseId" | "period" | "amountCents">;

/**
 * The idempotency key of the late fee of `leaseId` for `period` assessed on `date`: at most one
 * assessment per (lease, period, day).
 *
 * @example
 * ```ts
 * lateFeeKey("l1", "2026-05", "2026-05-07"); // "lfee_l1_2026-05_2026-05-07"
 * ```
 */
export function lateFeeKey(leaseId: string, period: string, date: CalendarDate): string {
  return `lfee_${compactId(leaseId, 70)}_${period}_${date}`;
}

/**
 * The late fees owed as of `asOf` under `policy`, computed only from charges and payments, minus those
 * in `alreadyAssessed` (matched by key). Re-running with the same inputs, or with the previous result
 * added to `alreadyAssessed`, returns nothing new; caps count the fees already assessed.
 *
 * Rules: charges of one (lease, period) whose type is in `policy.appliesTo` are grouped. A charge is
 * late from the day after `dueDate + graceDays`; on a day D the group's overdue balance is what its
 * late charges still owed at the end of D - 1 (payments dated D count from D + 1, so paying on the
 * last grace day avoids the fee). The first day that balance is positive gets the initial fee (flat,
 * or a percentage of that balance); each later overdue day gets `dailyAccrualCents`. Every fee is cut
 * to what the period cap and the lease-lifetime cap still allow; a fee cut to zero is not emitted.
 * Fees are never reversed here: a backdated payment does not un-assess an earlier fee.
 *
 * @example
 * ```ts
 * const rent = { key: "c1", leaseId: "l1", tenantId: "t1", propertyId: "p1", type: "rent" as const,
 *   period: "2026-05", dueDate: "2026-05-01", amountCents: 150_000, currency: "USD" };
 * const policy = { graceDays: 5, initialFee: { kind: "percent" as const, basisPoints: 500 },
 *   maxPerPeriodCents: 5_000 };
 * const fees = assessLateFees(policy, [rent], [], "2026-05-31", []);
 * fees.map((f) => [f.dueDate, f.amountCents]); // [["2026-05-07", 5_000]] (5% = $75, capped at $50)
 * ```
 */
export function assessLateFees(
  policy: LateFeePolicyInput,
  charges: readonly BillingCharge[],
  payments: readonly BillingPayment[],
  asOf: CalendarDate,
  alreadyAssessed: readonly AssessedLateFee[],
): LateFeeAssessment[] {
  const parsed = LateFeePolicySchema.safeParse(policy);
  if (!parsed.success) {
    throw new DomainError("VALIDATION_FAILED", "Invalid late-fee policy", { issues: parsed.error.issues });
  }
  const rules = parsed.data;
  const paidByCharge = groupAllocations(allocatePayments(charges, payments).allocations);
  const subject = new Set(rules.appliesTo);
  const groups = new Map<string, BillingCharge[]>();
  for (const charge of charges) {
    if (!subject.has(charge.type)) continue;
    const groupKey = `${charge.leaseId}\u0000${charge.period}`;
    const group = groups.get(groupKey) ?? [];
    group.push(charge);
    groups.set(groupKey, group);
  }

  const candidates: LateFeeAssessment[] = [];
  for (const group of groups.values()) {
    candidates.push(...groupCandidates(rules, group, paidByCharge, asOf));
  }
  candidates.sort((a, b) =>
    compareDates(a.dueDate, b.dueDate) || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
    (a.leaseId < b.leaseId ? -1 : a.leaseId > b.leaseId ? 1 : 0)
  );

  const assessedKeys = new Set<string>();
  const usedByPeriod = new Map<string, number>();
  const usedByLease = new Map<string, number>();
  for (const fee of alreadyAssessed) {
    assessedKeys.add(fee.key);
    const periodKey = `${fee.leaseId}\u0000${fee.period}`;
    usedByPeriod.set(periodKey, (usedByPeriod.get(periodKey) ?? 0) + fee.amountCents);
    usedByLease.set(fee.leaseId, (usedByLease.get(fee.leaseId) ?? 0) + fee.amountCents);
  }

  const result: LateFeeAssessment[] = [];
  for (const candidate of candidates) {
    if (assessedKeys.has(candidate.key)) continue;
    const periodKey = `${candidate.leaseId}\u0000${candidate.period}`;
    const periodUsed = usedByPeriod.get(periodKey) ?? 0;
    const leaseUsed = usedByLease.get(candidate.leaseId) ?? 0;
    const amount = Math.max(
      0,
      Math.min(
        candidate.amountCents,
        rules.maxPerPeriodCents === undefined ? Infinity : rules.maxPerPeriodCents - periodUsed,
        rules.maxPerLeaseCents === undefined ? Infinity : rules.maxPerLeaseCents - leaseUsed,
      ),
    );
    if (amount === 0) continue;
    usedByPeriod.set(periodKey, periodUsed + amount);
    usedByLease.set(candidate.leaseId, leaseUsed + amount);
    result.push({ ...candidate, amountCents: amount });
  }
  return result;
}

/** Uncapped fee candidates of one (lease, period) group, one per overdue day at most. */
function groupCandidates(
  rules: LateFeePolicy,
  group: readonly BillingCharge[],
  paidByCharge: ReadonlyMap<string, PaymentAllocation[]>,
  asOf: CalendarDate,
): LateFeeAssessment[] {
  const first = group[0];
  const lateFrom = group.map((c) => addDays(c.dueDate, rules.graceDays + 1));
  let day = lateFrom.reduce((a, b) => (compareDates(a, b) <= 0 ? a : b));
  const out: LateFeeAssessment[] = [];
  let initialDone = false;
  let uncappedTotal = 0;
  while (compareDates(day, asOf) <= 0) {
    const endOfPreviousDay = addDays(day, -1);
    let overdue = 0;
    for (let i = 0; i < group.length; i++) {
      if (compareDates(lateFrom[i], day) > 0) continue;
      overdue += Math.max(0, balanceAt(group[i], paidByCharge.get(group[i].key), endOfPreviousDay));
    }
    if (overdue > 0) {
      const amount = !initialDone
        ? (rules.initialFee.kind === "flat"
          ? rules.initialFee.amountCents
          : percentOfCents(overdue, rules.initialFee.basisPoints))
        : rules.dailyAccrualCents;
      const kind = initialDone ? "daily" : "initial";
      initialDone = true;
      if (amount > 0) {
        out.push({
          key: lateFeeKey(first.leaseId, first.period, day),
          leaseId: first.leaseId,
          tenantId: first.tenantId,
          propertyId: first.propertyId,
          type: "late_fee",
          period: first.period,
          dueDate: day,
          amountCents: amount,
          currency: first.currency,
          kind,
          overdueCents: overdue,
        });
        uncappedTotal += amount;
      }
      // Nothing more can be assessed once there is no accrual or the period cap is spent.
      if (rules.dailyAccrualCents === 0) break;
      if (rules.maxPerPeriodCents !== undefined && uncappedTotal >= rules.maxPerPeriodCents) break;
    }
    day = addDays(day, 1);
  }
  return out;
}

function groupAllocations(allocations: readonly PaymentAllocation[]): Map<string, PaymentAllocation[]> {
  const byCharge = new Map<string, PaymentAllocation[]>();
  for (const allocation of allocations) {
    const list = byCharge.get(allocation.chargeKey) ?? [];
    list.push(allocation);
    byCharge.set(allocation.chargeKey, list);
  }
  return byCharge;
}

function balanceAt(
  charge: BillingCharge,
  allocations: readonly PaymentAllocation[] | undefined,
  asOf: CalendarDate,
): number {
  let paid = 0;
  for (const a of allocations ?? []) if (compareDates(a.date, asOf) <= 0) paid += a.amountCents;
  return charge.amountCents - paid;
}
