import { z } from "zod";
import { CalendarDateSchema } from "../../shared/calendar_date.ts";
import { NonNegativeMoneySchema } from "../../shared/money.ts";
import { EntityIdSchema } from "./entity_id.ts";

/**
 * A lease: who rents which unit, for how much, due on which day, from when to when. The first
 * tenant in `tenant_ids` is the one billed in QBO (the invoice's customer).
 *
 * Invariants (the full list is in README.md): strict fields; `rent` and `security_deposit` are not
 * negative (zero is allowed: a free unit, no deposit); `end_date >= start_date`; `tenant_ids` has no
 * duplicate. Across records: the unit (when set) is a unit of `property_id`, and every tenant with a
 * residence lives in `property_id`.
 *
 * @example
 * ```ts
 * LeaseSchema.parse({
 *   id: "lease_1", property_id: "prop_1", unit_id: "unit_4b", tenant_ids: ["ten_1"],
 *   rent: { cents: 150_000, currency: "USD" }, due_day: 1, start_date: "2026-01-01",
 *   security_deposit: { cents: 100_000, currency: "USD" },
 * });
 * ```
 */
export const LeaseSchema = z.strictObject({
  id: EntityIdSchema,
  property_id: EntityIdSchema,
  unit_id: EntityIdSchema.optional(),
  tenant_ids: z.array(EntityIdSchema).min(1)
    .refine((ids) => new Set(ids).size === ids.length, "tenant_ids must not repeat a tenant"),
  rent: NonNegativeMoneySchema,
  due_day: z.number().int().min(1).max(31),
  start_date: CalendarDateSchema,
  end_date: CalendarDateSchema.optional(),
  security_deposit: NonNegativeMoneySchema,
}).refine((l) => l.end_date === undefined || l.end_date >= l.start_date, {
  message: "end_date must not be before start_date",
  path: ["end_date"],
}).meta({
  id: "Lease",
  description: "A lease of a property (and unit) to one or more tenants; `end_date >= start_date`.",
});
export type Lease = z.infer<typeof LeaseSchema>;
