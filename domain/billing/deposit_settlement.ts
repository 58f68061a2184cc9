import type { CalendarDate } from "../shared/calendar_date.ts";
import type { DepositTransaction } from "./deposits.ts";

/** How a held deposit is disposed of at move-out; the held amount always reaches zero. */
export interface DepositSettlement {
  /** Retained for damages (liability -> income). */
  readonly keptCents: number;
  /** Applied to unpaid charges (liability -> A/R). */
  readonly appliedCents: number;
  /** Returned to the tenant (Check against the liability). */
  readonly refundCents: number;
  /** Damages and unpaid charges the deposit did not cover: the tenant still owes this. */
  readonly stillOwedCents: number;
  /** The transactions that record the disposition (zero amounts omitted). */
  readonly transactions: DepositTransaction[];
}

/**
 * Settles a deposit balance at move-out: damages are kept first, then unpaid charges are covered, and
 * the rest is refunded. Afterwards the tenant's deposit liability is zero.
 *
 * @example
 * ```ts
 * const s = settleDeposit({ tenantId: "t1", propertyId: "p1", leaseId: "l1" }, 150_000,
 *   { damagesCents: 30_000, unpaidChargesCents: 20_000, date: "2026-01-31" });
 * [s.keptCents, s.appliedCents, s.refundCents]; // [30_000, 20_000, 100_000]
 * ```
 */
export function settleDeposit(
  holder: Pick<DepositTransaction, "tenantId" | "propertyId" | "leaseId">,
  heldCents: number,
  moveOut: { damagesCents: number; unpaidChargesCents: number; date: CalendarDate },
): DepositSettlement {
  if (
    [heldCents, moveOut.damagesCents, moveOut.unpaidChargesCents].some((c) =>
      !Number.isSafeInteger(c) || c < 0
    )
  ) {
    throw new RangeError("deposit settlement amounts must be non-negative integer cents");
  }
  const keptCents = Math.min(moveOut.damagesCents, heldCents);
  const appliedCents = Math.min(moveOut.unpaidChargesCents, heldCents - keptCents);
  const refundCents = heldCents - keptCents - appliedCents;
  const stillOwedCents = moveOut.damagesCents - keptCents + moveOut.unpaidChargesCents - appliedCents;
  const transactions: DepositTransaction[] = [];
  const record = (kind: DepositTransaction["kind"], amountCents: number) => {
    if (amountCents > 0) transactions.push({ ...holder, date: moveOut.date, kind, amountCents });
  };
  record("kept", keptCents);
  record("applied", appliedCents);
  record("refunded", refundCents);
  return { keptCents, appliedCents, refundCents, stillOwedCents, transactions };
}
