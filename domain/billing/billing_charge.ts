import { z } from "zod";
import { CalendarDateSchema } from "../shared/calendar_date.ts";
import { CentsSchema, CurrencySchema } from "../shared/money.ts";

/**
 * A charge as billing reasons about it: who owes what, for which period, due when.
 * Billing works on this small shape (not on the full EstateCore model) so it stays independent of
 * how charges are stored; the mapping layer turns these into QBO invoice lines.
 */
export const BillingChargeTypeSchema = z.enum([
  "rent",
  "late_fee",
  "security_deposit",
  "utility",
  "pet_fee",
  "nsf_fee",
  "other",
]);
export type BillingChargeType = z.infer<typeof BillingChargeTypeSchema>;

/** A billing period is a calendar month, written `YYYY-MM`. */
export const BillingPeriodKeySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "period must be YYYY-MM");

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
 * Lease ids are URI-encoded so a "/" inside an id cannot make two keys collide.
 *
 * @example
 * ```ts
 * chargeKey("lease-1", "2026-03", "rent"); // "charge/lease-1/2026-03/rent"
 * ```
 */
export function chargeKey(leaseId: string, period: string, type: BillingChargeType): string {
  return `charge/${encodeURIComponent(leaseId)}/${period}/${type}`;
}
