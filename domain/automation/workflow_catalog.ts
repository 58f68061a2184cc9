import { z } from "zod";
import type { MissedSlotPolicy } from "./missed_slots.ts";
import type { Schedule } from "./schedule.ts";

/** The automation workflows an organization can enable. */
export const WorkflowNameSchema = z.enum([
  "rent_invoice_generation",
  "late_fee_processing",
  "payment_sync",
  "expense_sync",
  "deposit_processing",
  "scheduled_reconciliation",
]);
export type WorkflowName = z.infer<typeof WorkflowNameSchema>;
export const WORKFLOW_NAMES: readonly WorkflowName[] = WorkflowNameSchema.options;

/** A workflow's schedule and missed-slot policy when the organization does not choose its own. */
export interface WorkflowDefaults {
  readonly schedule: Schedule;
  readonly missedSlots: MissedSlotPolicy;
  /** Why this missed-slot policy, for the status page and the docs. */
  readonly why: string;
}

/**
 * Defaults per workflow, with the reason for each missed-slot policy:
 * - rent generation catches up: every month must have been billed by its own run, in order, so the
 *   run history shows each period (generation is cumulative and idempotent, so nothing is billed twice);
 * - late fees skip: a run assesses every overdue day up to its date, each fee dated its own day, so the
 *   latest run alone assesses exactly what the missed ones would have;
 * - payment and expense sync skip: one push sends everything that changed, however many slots passed;
 * - deposit processing skips: it reports the current state of move-outs;
 * - reconciliation skips: a report of today supersedes the reports of the missed days.
 */
export const WORKFLOW_DEFAULTS: Readonly<Record<WorkflowName, WorkflowDefaults>> = {
  rent_invoice_generation: {
    schedule: { kind: "monthly", day: 1, at: "00:00" },
    missedSlots: "catch_up",
    why: "every billing period gets its own run, in order; generation never bills a period twice",
  },
  late_fee_processing: {
    schedule: { kind: "daily", at: "06:00" },
    missedSlots: "skip",
    why: "a run assesses every overdue day up to its date, so the latest run covers the missed days",
  },
  payment_sync: {
    schedule: { kind: "every_hours", hours: 1 },
    missedSlots: "skip",
    why: "one push sends every change, however many slots were missed",
  },
  expense_sync: {
    schedule: { kind: "every_hours", hours: 1 },
    missedSlots: "skip",
    why: "one push sends every change, however many slots were missed",
  },
  deposit_processing: {
    schedule: { kind: "daily", at: "07:00" },
    missedSlots: "skip",
    why: "the report shows the current move-outs; older reports add nothing",
  },
  scheduled_reconciliation: {
    schedule: { kind: "daily", at: "03:00" },
    missedSlots: "skip",
    why: "today's reconciliation supersedes the missed days' reports",
  },
};
