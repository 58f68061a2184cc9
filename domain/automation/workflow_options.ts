import { z } from "zod";
import { LateFeePolicySchema } from "../billing/late_fee_policy.ts";
import { CalendarDateSchema } from "../shared/calendar_date.ts";
import type { WorkflowName } from "./workflow_catalog.ts";

/**
 * Rent generation bills the periods (calendar months) from the month of `starts_on` on; earlier
 * periods are EstateCore's own history and are never billed by the automation. `days_in_advance`
 * bills a period that many days before it starts (0: on its first day).
 */
export const RentInvoiceOptionsSchema = z.object({
  starts_on: CalendarDateSchema.optional(),
  days_in_advance: z.number().int().min(0).max(62).default(0),
});

/**
 * Late fees per property: `property_policies[property_id]`, else `default_policy`; a property with
 * neither is never charged a late fee (and is listed in the run's result). Only charges due on or
 * after `starts_on` can incur a fee, so enabling the workflow never back-charges years of history.
 * (EstateCore's property record carries no late-fee policy, so the organization sets it here.)
 */
export const LateFeeOptionsSchema = z.object({
  starts_on: CalendarDateSchema.optional(),
  default_policy: LateFeePolicySchema.optional(),
  property_policies: z.record(z.string().min(1).max(100), LateFeePolicySchema).default({}),
});

/** Payment and expense sync push to the given company, or the organization's default one. */
export const SyncWorkflowOptionsSchema = z.object({ realm_id: z.string().min(1).max(32).optional() });

/** Deposit processing only reports; it has no options. */
export const DepositOptionsSchema = z.object({});

/** How far back a scheduled reconciliation looks. */
export const ReconciliationOptionsSchema = z.object({
  period_days: z.number().int().min(1).max(366).default(30),
});

/** The options schema of each workflow (unknown keys are rejected, so typos surface). */
export const WORKFLOW_OPTION_SCHEMAS = {
  rent_invoice_generation: RentInvoiceOptionsSchema.strict(),
  late_fee_processing: LateFeeOptionsSchema.strict(),
  payment_sync: SyncWorkflowOptionsSchema.strict(),
  expense_sync: SyncWorkflowOptionsSchema.strict(),
  deposit_processing: DepositOptionsSchema.strict(),
  scheduled_reconciliation: ReconciliationOptionsSchema.strict(),
} as const satisfies Record<WorkflowName, z.ZodType>;

export type RentInvoiceOptions = z.infer<typeof RentInvoiceOptionsSchema>;
export type LateFeeOptions = z.infer<typeof LateFeeOptionsSchema>;
export type SyncWorkflowOptions = z.infer<typeof SyncWorkflowOptionsSchema>;
export type ReconciliationOptions = z.infer<typeof ReconciliationOptionsSchema>;
