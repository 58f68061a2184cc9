import { z } from "zod";
import { CalendarDateSchema } from "../shared/calendar_date.ts";
import { CentsSchema, CurrencySchema } from "../shared/money.ts";
import { ChargeTypeSchema } from "../model/estatecore/charge.ts";
import { BillingPeriodSchema } from "../model/estatecore/entity_id.ts";
import { fnv1a64Hex } from "../sync/fnv1a64.ts";

/**
 * A charge as billing reasons about it: who owes what, for which period, due when.
 * Billing works on this small shape (not on the full EstateCore model) so it stays independent of
 * how charges are stored; the mapping layer turns these into QBO invoice lines.
 */
/** The model's charge types (rent, late_fee, security_deposit, utility, pet_fee, other). */
export const BillingChargeTypeSchema = ChargeTypeSchema;
export type BillingChargeType = z.infer<typeof BillingChargeTypeSchema>;

/** A billing period is a calendar month, written `YYYY-MM`. */
export const BillingPeriodKeySchema = BillingPeriodSchema;

export const BillingChargeSchema = z.object({
  /** Deterministic id / idempotency key, see {@link chargeKey}. */
  key: z.string().min(1),
  leaseId: z.string().min(1),
  tenantId: z.string().min(1),
  propertyId: z.string().min(1),
  type: BillingChargeTypeSchema,
  period: BillingPeriodKeySchema,
  dueDate: CalendarDateSchema,
  amountCents: CentsSchema,
  currency: CurrencySchema,
});
export type BillingCharge = z.infer<typeof BillingChargeSchema>;

/**
 * The deterministic id (and idempotency key) of the charge of `type` for `leaseId` in `period`.
 * Generating the same charge twice yields the same key, so callers can skip what already exists.
 * The key is a valid EstateCore entity id (at most 100 characters): a lease id too long to fit is
 * replaced by its FNV-1a 64 hash. Keys are unambiguous because the period and type suffix have a
 * fixed form.
 *
 * @example
 * ```ts
 * chargeKey("lease_1", "2026-03", "rent"); // "chg_lease_1_2026-03_rent"
 * ```
 */
export function chargeKey(leaseId: string, period: string, type: BillingChargeType): string {
  return `chg_${compactId(leaseId, 70)}_${period}_${type}`;
}

/**
 * `id` itself when at most `max` characters long, else "h" + its FNV-1a 64 hash (17 characters),
 * so derived keys stay within the 100-character entity id limit.
 *
 * @example
 * ```ts
 * compactId("lease_1", 70); // "lease_1"
 * compactId("x".repeat(80), 70).length; // 17
 * ```
 */
export function compactId(id: string, max: number): string {
  return id.length <= max ? id : `h${fnv1a64Hex(id)}`;
}
