import { z } from "zod";
import { CalendarDateSchema } from "../../shared/calendar_date.ts";
import { PositiveMoneySchema } from "../../shared/money.ts";
import { EntityIdSchema } from "./entity_id.ts";

/** An expense category key (e.g. "repairs_maintenance"), resolved to a QBO expense account by the mapping. */
export const ExpenseCategorySchema = z.string().regex(/^[a-z0-9_]{1,60}$/, "category must be snake_case");
export type ExpenseCategory = z.infer<typeof ExpenseCategorySchema>;

/** How an expense was (or will be) paid out of the operating account. */
export const ExpensePaymentSchema = z.strictObject({
  id: EntityIdSchema,
  date: CalendarDateSchema,
  amount: PositiveMoneySchema,
  method: z.enum(["check", "ach", "card", "cash"]),
  reference: z.string().max(21).optional(),
}).meta({
  id: "ExpensePayment",
  description: "How an expense was (or will be) paid.",
});
export type ExpensePayment = z.infer<typeof ExpensePaymentSchema>;

/**
 * An expense or work-order bill. `settlement: "bill"` is entered as a QBO Bill (accounts payable)
 * and later paid by a BillPayment when `payment` is present; `settlement: "paid_at_once"` is a
 * QBO Purchase and requires `payment`.
 *
 * Invariants (full list in README.md): strict fields; amounts positive; `due_date >= bill_date`;
 * `payment.date >= bill_date`; the payment is in the expense's currency and not more than its
 * amount. Across records: the unit (when set) is a unit of `property_id`.
 *
 * @example
 * ```ts
 * ExpenseSchema.parse({
 *   id: "exp_1", vendor_id: "ven_1", property_id: "prop_1", category: "repairs_maintenance",
 *   amount: { cents: 32_500, currency: "USD" }, bill_date: "2026-03-10", due_date: "2026-04-09",
 *   settlement: "bill", description: "Fix leaking faucet, unit 4B",
 * });
 * ```
 */
export const ExpenseSchema = z.strictObject({
  id: EntityIdSchema,
  vendor_id: EntityIdSchema,
  property_id: EntityIdSchema,
  unit_id: EntityIdSchema.optional(),
  category: ExpenseCategorySchema,
  amount: PositiveMoneySchema,
  description: z.string().max(4000).optional(),
  reference: z.string().max(21).optional(),
  bill_date: CalendarDateSchema,
  due_date: CalendarDateSchema.optional(),
  settlement: z.enum(["bill", "paid_at_once"]),
  payment: ExpensePaymentSchema.optional(),
}).superRefine((e, ctx) => {
  if (e.settlement === "paid_at_once" && e.payment === undefined) {
    ctx.addIssue({ code: "custom", path: ["payment"], message: "an expense paid at once needs its payment" });
  }
  if (e.due_date !== undefined && e.due_date < e.bill_date) {
    ctx.addIssue({ code: "custom", path: ["due_date"], message: "due_date must not be before bill_date" });
  }
  if (e.payment !== undefined) {
    if (e.payment.date < e.bill_date) {
      ctx.addIssue({
        code: "custom",
        path: ["payment", "date"],
        message: "the payment date must not be before bill_date",
      });
    }
    if (e.payment.amount.currency !== e.amount.currency) {
      ctx.addIssue({
        code: "custom",
        path: ["payment", "amount", "currency"],
        message: `must be in the expense's currency (${e.amount.currency})`,
      });
    }
    if (e.payment.amount.cents > e.amount.cents) {
      ctx.addIssue({
        code: "custom",
        path: ["payment", "amount"],
        message: "the payment must not exceed the expense amount",
      });
    }
  }
}).meta({
  id: "Expense",
  description: "An expense or bill of a property; `settlement: paid_at_once` requires `payment`.",
});
export type Expense = z.infer<typeof ExpenseSchema>;
