import { z } from "zod";
import { CalendarDateSchema } from "../../shared/calendar_date.ts";
import { PositiveMoneySchema } from "../../shared/money.ts";
import { EntityIdSchema } from "./entity_id.ts";

/** How the tenant paid. */
export const PaymentMethodSchema = z.enum(["ach", "check", "card", "cash", "money_order", "other"]).meta({
  id: "PaymentMethod",
});
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

/**
 * Lifecycle of a payment: `returned` is a bounced payment (NSF, chargeback) that must be voided in
 * QBO; `void` was cancelled in EstateCore.
 */
export const PaymentStatusSchema = z.enum(["pending", "cleared", "returned", "void"]).meta({
  id: "PaymentStatus",
});
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

/** The part of a payment applied to one charge. */
export const PaymentAllocationSchema = z.strictObject({
  charge_id: EntityIdSchema,
  amount: PositiveMoneySchema,
}).meta({
  id: "PaymentAllocation",
  description: "The part of a payment applied to one charge.",
});
export type PaymentAllocation = z.infer<typeof PaymentAllocationSchema>;

/**
 * A payment received from a tenant. Allocations may sum to less than the amount: the rest is an
 * unapplied credit (QBO UnappliedAmt); they may never sum to more.
 *
 * Sign convention: `amount`, allocations and `nsf_fee` are positive. A tenant's credit is the
 * unapplied part of a payment, never a negative amount; a refund of the deposit is part of a deposit
 * disposition.
 *
 * Invariants (full list in README.md): strict fields; allocations in the payment's currency, each to
 * a different charge, summing to at most `amount`; `returned_on` is required when (and only when)
 * `status` is "returned" and is not before `date`; `nsf_fee` only on a returned payment. A payment
 * may be dated before the charges it pays (prepayment). Across records: the tenant, the lease and
 * every allocated charge are of `property_id`; each allocated charge is of the payment's tenant (and
 * lease, when `lease_id` is set) and not void; see the charge for over-allocation.
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
export const PaymentSchema = z.strictObject({
  id: EntityIdSchema,
  lease_id: EntityIdSchema.optional(),
  tenant_id: EntityIdSchema,
  property_id: EntityIdSchema,
  amount: PositiveMoneySchema,
  date: CalendarDateSchema,
  method: PaymentMethodSchema,
  /** Check number or processor reference, sent as PaymentRefNum. */
  reference: z.string().max(21).optional(),
  allocations: z.array(PaymentAllocationSchema).default([]),
  status: PaymentStatusSchema.default("cleared"),
  returned_on: CalendarDateSchema.optional(),
  /** Fee charged to the tenant for a returned payment, if the property's policy charges one. */
  nsf_fee: PositiveMoneySchema.optional(),
}).superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.allocations.forEach((a, i) => {
    if (a.amount.currency !== p.amount.currency) {
      ctx.addIssue({
        code: "custom",
        path: ["allocations", i, "amount", "currency"],
        message: `an allocation must be in the payment's currency (${p.amount.currency})`,
      });
    }
    if (seen.has(a.charge_id)) {
      ctx.addIssue({
        code: "custom",
        path: ["allocations", i, "charge_id"],
        message: "a payment allocates to each charge at most once",
      });
    }
    seen.add(a.charge_id);
  });
  if (p.allocations.reduce((sum, a) => sum + a.amount.cents, 0) > p.amount.cents) {
    ctx.addIssue({ code: "custom", path: ["allocations"], message: "allocations exceed the payment amount" });
  }
  if (p.status === "returned" && p.returned_on === undefined) {
    ctx.addIssue({ code: "custom", path: ["returned_on"], message: "a returned payment needs returned_on" });
  }
  if (p.status !== "returned" && p.returned_on !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["returned_on"],
      message: 'returned_on is only allowed when status is "returned"',
    });
  }
  if (p.returned_on !== undefined && p.returned_on < p.date) {
    ctx.addIssue({ code: "custom", path: ["returned_on"], message: "returned_on must not be before date" });
  }
  if (p.nsf_fee !== undefined && p.status !== "returned") {
    ctx.addIssue({
      code: "custom",
      path: ["nsf_fee"],
      message: "nsf_fee is only allowed on a returned payment",
    });
  }
}).meta({
  id: "Payment",
  description: "A tenant payment; allocations, each to a different charge, sum to at most `amount`.",
});
export type Payment = z.infer<typeof PaymentSchema>;
