import { z } from "zod";
import { CalendarDateSchema } from "../../shared/calendar_date.ts";
import { PositiveMoneySchema } from "../../shared/money.ts";
import { BillingPeriodSchema, EntityIdSchema } from "./entity_id.ts";

/** What a charge is for; each type maps to its own QBO Service item. */
export const ChargeTypeSchema = z.enum([
  "rent",
  "late_fee",
  "security_deposit",
  "utility",
  "pet_fee",
  "other",
]).meta({ id: "ChargeType" });
export type ChargeType = z.infer<typeof ChargeTypeSchema>;

/** The days a charge covers (inclusive), shown as the invoice line's ServiceDate (start). */
export const ServicePeriodSchema = z.strictObject({ start: CalendarDateSchema, end: CalendarDateSchema })
  .refine((p) => p.end >= p.start, {
    message: "service period end must not be before its start",
    path: ["end"],
  }).meta({
    id: "ServicePeriod",
    description: "The days a charge covers, inclusive; `end >= start`.",
  });
export type ServicePeriod = z.infer<typeof ServicePeriodSchema>;

/**
 * A charge billed to a lease's tenant. Charges of one lease and billing period become one QBO
 * invoice, except late fees, which get their own invoice. A voided charge is kept for history.
 *
 * Invariants (full list in README.md): strict fields; `amount` positive (a credit is never a
 * negative charge); service period end >= start. Across records: `property_id` is the lease's
 * property, `tenant_id` one of the lease's tenants, `unit_id` the lease's unit when both are set, the
 * service period inside the lease term (start >= lease start, end <= lease end when the lease ends),
 * and the sum allocated to the charge by live payments and deposit dispositions never exceeds
 * `amount`; a void charge receives no allocation.
 *
 * @example
 * ```ts
 * ChargeSchema.parse({
 *   id: "chg_rent_2026_03", lease_id: "lease_1", tenant_id: "ten_1", property_id: "prop_1",
 *   type: "rent", amount: { cents: 150_000, currency: "USD" }, billing_period: "2026-03",
 *   service_period: { start: "2026-03-01", end: "2026-03-31" }, due_date: "2026-03-01",
 * });
 * ```
 */
export const ChargeSchema = z.strictObject({
  id: EntityIdSchema,
  lease_id: EntityIdSchema,
  tenant_id: EntityIdSchema,
  property_id: EntityIdSchema,
  unit_id: EntityIdSchema.optional(),
  type: ChargeTypeSchema,
  amount: PositiveMoneySchema,
  description: z.string().max(4000).optional(),
  billing_period: BillingPeriodSchema,
  service_period: ServicePeriodSchema,
  due_date: CalendarDateSchema,
  status: z.enum(["open", "void"]).default("open"),
}).meta({
  id: "Charge",
  description: "A charge billed to a lease's tenant (rent, late fee, deposit, utility, ...).",
});
export type Charge = z.infer<typeof ChargeSchema>;
