import { z } from "zod";
import { CalendarDateSchema } from "../../shared/calendar_date.ts";
import { NonNegativeMoneySchema, PositiveMoneySchema } from "../../shared/money.ts";
import { EntityIdSchema } from "./entity_id.ts";

/** An unpaid charge settled from the deposit at move-out. */
export const DepositAppliedChargeSchema = z.strictObject({
  charge_id: EntityIdSchema,
  amount: PositiveMoneySchema,
}).meta({
  id: "DepositAppliedCharge",
  description: "An unpaid charge settled from the deposit at move-out.",
});
export type DepositAppliedCharge = z.infer<typeof DepositAppliedChargeSchema>;

/**
 * What happens to a tenant's security deposit at move-out. The three parts must add up to the
 * deposit held so the tenant's deposit liability reaches exactly zero; the amount applied to unpaid
 * rent is itemized per charge so QBO can link it to the open invoices.
 *
 * Invariants (full list in README.md): strict fields; every amount is not negative and all are in
 * one currency; refund + kept_for_damages + applied_to_unpaid_rent = deposit_held; applied_charges
 * (each charge at most once) add up to applied_to_unpaid_rent. Across records: `property_id` is the
 * lease's property, `tenant_id` one of the lease's tenants, every applied charge a charge of the
 * lease (not void, not over-allocated), and `date` not before the lease's start.
 *
 * @example
 * ```ts
 * const usd = (cents: number) => ({ cents, currency: "USD" });
 * DepositDispositionSchema.parse({
 *   id: "disp_1", lease_id: "lease_1", tenant_id: "ten_1", property_id: "prop_1", date: "2026-07-05",
 *   deposit_held: usd(100_000), refund: usd(60_000), kept_for_damages: usd(25_000),
 *   applied_to_unpaid_rent: usd(15_000), applied_charges: [{ charge_id: "chg_rent_2026_06", amount: usd(15_000) }],
 * });
 * ```
 */
export const DepositDispositionSchema = z.strictObject({
  id: EntityIdSchema,
  lease_id: EntityIdSchema,
  tenant_id: EntityIdSchema,
  property_id: EntityIdSchema,
  date: CalendarDateSchema,
  deposit_held: NonNegativeMoneySchema,
  refund: NonNegativeMoneySchema,
  kept_for_damages: NonNegativeMoneySchema,
  applied_to_unpaid_rent: NonNegativeMoneySchema,
  applied_charges: z.array(DepositAppliedChargeSchema).default([]),
  refund_check_number: z.string().max(21).optional(),
  damage_description: z.string().max(4000).optional(),
}).superRefine((d, ctx) => {
  const currency = d.deposit_held.currency;
  for (const field of ["refund", "kept_for_damages", "applied_to_unpaid_rent"] as const) {
    if (d[field].currency !== currency) {
      ctx.addIssue({
        code: "custom",
        path: [field, "currency"],
        message: `must be in the deposit's currency (${currency})`,
      });
    }
  }
  const seen = new Set<string>();
  d.applied_charges.forEach((c, i) => {
    if (c.amount.currency !== currency) {
      ctx.addIssue({
        code: "custom",
        path: ["applied_charges", i, "amount", "currency"],
        message: `must be in the deposit's currency (${currency})`,
      });
    }
    if (seen.has(c.charge_id)) {
      ctx.addIssue({
        code: "custom",
        path: ["applied_charges", i, "charge_id"],
        message: "a disposition applies to each charge at most once",
      });
    }
    seen.add(c.charge_id);
  });
  if (d.refund.cents + d.kept_for_damages.cents + d.applied_to_unpaid_rent.cents !== d.deposit_held.cents) {
    ctx.addIssue({
      code: "custom",
      path: ["deposit_held"],
      message: "refund + damages + applied must equal the deposit held",
    });
  }
  if (d.applied_charges.reduce((s, c) => s + c.amount.cents, 0) !== d.applied_to_unpaid_rent.cents) {
    ctx.addIssue({
      code: "custom",
      path: ["applied_charges"],
      message: "applied_charges must add up to applied_to_unpaid_rent",
    });
  }
}).meta({
  id: "DepositDisposition",
  description:
    "What happened to a security deposit at move-out: `refund + kept_for_damages + applied_to_unpaid_rent = deposit_held`.",
});
export type DepositDisposition = z.infer<typeof DepositDispositionSchema>;
