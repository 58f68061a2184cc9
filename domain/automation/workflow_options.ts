import { z } from "zod";
import { BillingChargeTypeSchema } from "../billing/billing_charge.ts";
import type { LateFeePolicy } from "../billing/late_fee_policy.ts";
import { CalendarDateSchema } from "../shared/calendar_date.ts";
import { CentsSchema } from "../shared/money.ts";
import type { WorkflowName } from "./workflow_catalog.ts";

/**
 * The options of each automation workflow, as the API takes and shows them and as they are stored:
 * snake_case, strict (an unknown key is refused, so a typo surfaces). Each schema carries its
 * component name for the OpenAPI document.
 */

/**
 * Rent generation bills the periods (calendar months) from the month of `starts_on` on; earlier
 * periods are EstateCore's own history and are never billed by the automation. `days_in_advance`
 * bills a period that many days before it starts (0: on its first day).
 */
export const RentInvoiceOptionsSchema = z.strictObject({
  starts_on: CalendarDateSchema.optional(),
  days_in_advance: z.number().int().min(0).max(62).default(0),
}).meta({
  id: "RentInvoiceGenerationOptions",
  description:
    "Bills the months from the month of `starts_on` (default: the day the workflow is enabled) on, " +
    "`days_in_advance` days before each starts.",
});

const NonNegativeCents = CentsSchema.min(0, "must not be negative");

/**
 * A property's late-fee policy as the API writes it (the billing core's {@link LateFeePolicy} in
 * snake_case; {@link toLateFeePolicy} converts).
 */
export const LateFeePolicyOptionsSchema = z.strictObject({
  grace_days: z.number().int().min(0).max(365).meta({
    description: "A charge paid on or before its due date plus this many days never incurs a fee.",
  }),
  initial_fee: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("flat"), amount_cents: NonNegativeCents }).meta({ id: "FlatLateFee" }),
    z.strictObject({ kind: z.literal("percent"), basis_points: z.number().int().min(0).max(10_000) }).meta({
      id: "PercentLateFee",
      description:
        "A percentage of the overdue balance in basis points (500 = 5%), rounded half up to the cent.",
    }),
  ]).meta({ description: "Assessed once per lease and period on the first late day." }),
  daily_accrual_cents: NonNegativeCents.default(0).meta({
    description: "Added on each later day the period is still overdue (0: no accrual).",
  }),
  max_per_period_cents: NonNegativeCents.optional().meta({
    description: "Cap on all fees of one lease and period.",
  }),
  max_per_lease_cents: NonNegativeCents.optional().meta({
    description: "Cap on all late fees of a lease over its lifetime.",
  }),
  applies_to: z.array(BillingChargeTypeSchema).min(1).default(["rent"]).meta({
    description: "The charge types that can be late (late fees never compound by default).",
  }),
}).meta({ id: "LateFeePolicy", description: "A property's late-fee policy." });
export type LateFeePolicyOptions = z.output<typeof LateFeePolicyOptionsSchema>;

/**
 * The billing core's policy for the options' one.
 *
 * @example
 * ```ts
 * toLateFeePolicy(LateFeePolicyOptionsSchema.parse({ grace_days: 5, initial_fee: { kind: "flat", amount_cents: 5_000 } }))
 *   .graceDays; // 5
 * ```
 */
export function toLateFeePolicy(policy: LateFeePolicyOptions): LateFeePolicy {
  return {
    graceDays: policy.grace_days,
    initialFee: policy.initial_fee.kind === "flat"
      ? { kind: "flat", amountCents: policy.initial_fee.amount_cents }
      : { kind: "percent", basisPoints: policy.initial_fee.basis_points },
    dailyAccrualCents: policy.daily_accrual_cents,
    ...(policy.max_per_period_cents === undefined ? {} : { maxPerPeriodCents: policy.max_per_period_cents }),
    ...(policy.max_per_lease_cents === undefined ? {} : { maxPerLeaseCents: policy.max_per_lease_cents }),
    appliesTo: policy.applies_to,
  };
}

/**
 * Late fees per property: `property_policies[property_id]`, else `default_policy`; a property with
 * neither is never charged a late fee (and is listed in the run's result). Only charges due on or
 * after `starts_on` can incur a fee, so enabling the workflow never back-charges years of history.
 * (EstateCore's property record carries no late-fee policy, so the organization sets it here.)
 */
export const LateFeeOptionsSchema = z.strictObject({
  starts_on: CalendarDateSchema.optional(),
  default_policy: LateFeePolicyOptionsSchema.optional(),
  property_policies: z.record(z.string().min(1).max(100), LateFeePolicyOptionsSchema).default({}),
}).meta({
  id: "LateFeeProcessingOptions",
  description:
    "Each property's policy is `property_policies[property_id]`, else `default_policy`; a property " +
    "with neither is never charged. Only charges due on or after `starts_on` (default: the day the workflow " +
    "is enabled) can incur a fee.",
});

/** Payment and expense sync push to the given company, or the organization's default one. */
export const SyncWorkflowOptionsSchema = z.strictObject({ realm_id: z.string().min(1).max(32).optional() })
  .meta({
    id: "SyncWorkflowOptions",
    description: "Pushes to the company `realm_id`, or the organization's default one.",
  });

/** Deposit processing only reports; it has no options. */
export const DepositOptionsSchema = z.strictObject({}).meta({
  id: "DepositProcessingOptions",
  description: "Deposit processing only reports; it has no options.",
});

/** How far back a scheduled reconciliation looks. */
export const ReconciliationOptionsSchema = z.strictObject({
  period_days: z.number().int().min(1).max(366).default(30),
}).meta({ id: "ScheduledReconciliationOptions", description: "How many days back a reconciliation looks." });

/** The options schema of each workflow. */
export const WORKFLOW_OPTION_SCHEMAS = {
  rent_invoice_generation: RentInvoiceOptionsSchema,
  late_fee_processing: LateFeeOptionsSchema,
  payment_sync: SyncWorkflowOptionsSchema,
  expense_sync: SyncWorkflowOptionsSchema,
  deposit_processing: DepositOptionsSchema,
  scheduled_reconciliation: ReconciliationOptionsSchema,
} as const satisfies Record<WorkflowName, z.ZodType>;

export type RentInvoiceOptions = z.infer<typeof RentInvoiceOptionsSchema>;
export type LateFeeOptions = z.infer<typeof LateFeeOptionsSchema>;
export type SyncWorkflowOptions = z.infer<typeof SyncWorkflowOptionsSchema>;
export type ReconciliationOptions = z.infer<typeof ReconciliationOptionsSchema>;
