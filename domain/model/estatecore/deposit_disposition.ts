import { z } from "zod";
import { CalendarDateSchema } from "../../shared/calendar_date.ts";
import { MoneySchema } from "../../shared/money.ts";
import { EntityIdSchema } from "./entity_id.ts";

/** An unpaid charge settled from the deposit at move-out. */
export const DepositAppliedChargeSchema = z.object({
  charge_id: EntityIdSchema,
  amount: MoneySchema.refine((m) => m.cents > 0, "an applied amount must be positive"),
});
export type DepositAppliedCharge = z.infer<typeof DepositAppliedChargeSchema>;

/**
 * What happens to a tenant's security deposit at move-out. The three parts must add up to the
 * deposit held so the tenant's deposit liability reaches exactly zero; the amount applied to unpaid
 * rent is itemized per charge so QBO can link it to the open invoices.
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
export const DepositDispositionSchema = z.object({
  id: EntityIdSchema,
  lease_id: EntityIdSchema,
  tenant_id: EntityIdSchema,
  property_id: EntityIdSchema,
  date: CalendarDateSchema,
  deposit_held: MoneySchema,
  refund: MoneySchema,
  kept_for_damages: MoneySchema,
  applied_to_unpaid_rent: MoneySchema,
  applied_charges: z.array(DepositAppliedChargeSchema).default([]),
  refund_check_number: z.string().max(21).optional(),
  damage_description: z.string().max(4000).optional(),
})
  .refine(
    (d) => [d.refund, d.kept_for_damages, d.applied_to_unpaid_rent].every((m) => m.cents >= 0),
    { message: "disposition amounts must not be negative", path: ["refund"] },
  )
  .refine(
    (d) =>
      d.refund.cents + d.kept_for_damages.cents + d.applied_to_unpaid_rent.cents === d.deposit_held.cents,
    { message: "refund + damages + applied must equal the deposit held", path: ["deposit_held"] },
  )
  .refine(
    (d) => d.applied_charges.reduce((s, c) => s + c.amount.cents, 0) === d.applied_to_unpaid_rent.cents,
    { message: "applied_charges must add up to applied_to_unpaid_rent", path: ["applied_charges"] },
  );
export type DepositDisposition = z.infer<typeof DepositDispositionSchema>;
