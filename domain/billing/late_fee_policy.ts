import { z } from "zod";
import { CentsSchema } from "../shared/money.ts";
import { BillingChargeTypeSchema } from "./billing_charge.ts";

const NonNegativeCents = CentsSchema.refine((c) => c >= 0, "must not be negative");

/**
 * A property's late-fee policy.
 *
 * - `graceDays`: a charge paid on or before `dueDate + graceDays` never incurs a fee.
 * - `initialFee`: assessed once per (lease, period) on the first late day: a flat amount, or a
 *   percentage of the overdue balance in basis points (500 = 5%), rounded half up to the cent.
 * - `dailyAccrualCents`: added on each later day the period is still overdue (0 = no accrual).
 * - `maxPerPeriodCents`: cap on all fees of one (lease, period).
 * - `maxPerLeaseCents`: absolute cap on all late fees of a lease over its lifetime (the form most
 *   statutes take: "no more than X in late fees per tenancy"). Both caps are optional.
 * - `appliesTo`: the charge types that can be late (late fees never compound by default).
 */
export const LateFeePolicySchema = z.object({
  graceDays: z.number().int().min(0).max(365),
  initialFee: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("flat"), amountCents: NonNegativeCents }),
    z.object({ kind: z.literal("percent"), basisPoints: z.number().int().min(0).max(10_000) }),
  ]),
  dailyAccrualCents: NonNegativeCents.default(0),
  maxPerPeriodCents: NonNegativeCents.optional(),
  maxPerLeaseCents: NonNegativeCents.optional(),
  appliesTo: z.array(BillingChargeTypeSchema).min(1).default(["rent"]),
});
export type LateFeePolicy = z.infer<typeof LateFeePolicySchema>;
/** Policy as callers may write it, before defaults are filled in. */
export type LateFeePolicyInput = z.input<typeof LateFeePolicySchema>;

/**
 * The percentage fee on an overdue balance: `balance * basisPoints / 10_000`, rounded half up,
 * in integer arithmetic.
 *
 * @example
 * ```ts
 * percentOfCents(150_000, 500); // 7_500 (5% of $1,500.00)
 * ```
 */
export function percentOfCents(balanceCents: number, basisPoints: number): number {
  return Math.floor((balanceCents * basisPoints + 5_000) / 10_000);
}
