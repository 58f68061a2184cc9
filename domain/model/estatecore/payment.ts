import { z } from "zod";
import { CalendarDateSchema } from "../../shared/calendar_date.ts";
import { MoneySchema } from "../../shared/money.ts";
import { EntityIdSchema } from "./entity_id.ts";

/** How the tenant paid. */
export const PaymentMethodSchema = z.enum(["ach", "check", "card", "cash", "money_order", "other"]);
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

/**
 * Lifecycle of a payment: `returned` is a bounced payment (NSF, chargeback) that must be voided in
 * QBO; `void` was cancelled in EstateCore.
 */
export const PaymentStatusSchema = z.enum(["pending", "cleared", "returned", "void"]);
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

/** The part of a payment applied to one charge. */
export const PaymentAllocationSchema = z.object({
  charge_id: EntityIdSchema,
  amount: MoneySchema.refine((m) => m.cents > 0, "an allocation must be positive"),
});
export type PaymentAllocation = z.infer<typeof PaymentAllocationSchema>;

/**
 * A payment received from a tenant. Allocations may sum to less than the amount: the rest is an
 * unapplied credit (QBO UnappliedAmt); they may never sum to more.
 *
 * @example
 * ```ts
 * PaymentSchema.parse({
 *   id: "pay_1", tenant_id: "ten_1", property_id: "prop_1", amount: { cents: 70_000, currency: "USD" },
 *   date: "2026-03-03", method: "check", reference: "1042",
 *   allocations: [{ charge_id: "chg_rent_2026_03", amount: { cents: 70_000, currency: "USD" } }],
 * });
 * ```
 */
export const PaymentSchema = z.object({
  id: EntityIdSchema,
  lease_id: EntityIdSchema.optional(),
  tenant_id: EntityIdSchema,
  property_id: EntityIdSchema,
  amount: MoneySchema.refine((m) => m.cents > 0, "a payment amount must be positive"),
  date: CalendarDateSchema,
  method: PaymentMethodSchema,
  /** Check number or processor reference, sent as PaymentRefNum. */
  reference: z.string().max(21).optional(),
  allocations: z.array(PaymentAllocationSchema).default([]),
  status: PaymentStatusSchema.default("cleared"),
  returned_on: CalendarDateSchema.optional(),
  /** Fee charged to the tenant for a returned payment, if the property's policy charges one. */
  nsf_fee: MoneySchema.optional(),
}).refine(
  (p) => p.allocations.reduce((sum, a) => sum + a.amount.cents, 0) <= p.amount.cents,
  { message: "allocations exceed the payment amount", path: ["allocations"] },
);
export type Payment = z.infer<typeof PaymentSchema>;
