import type { MissedSlotPolicy } from "./missed_slots.ts";
import type { Schedule } from "./schedule.ts";
import type { WorkflowName } from "./workflow_catalog.ts";
import type { WorkflowRun } from "../ports/automation_repository.ts";

/** One workflow on the automation status page: its configuration, next run and recent history. */
export interface WorkflowStatus {
  readonly workflow: WorkflowName;
  readonly configured: boolean;
  readonly enabled: boolean;
  readonly schedule: Schedule;
  readonly missedSlots: MissedSlotPolicy;
  readonly missedSlotsWhy: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly nextRunAt: string | null;
  readonly lastRun: WorkflowRun | null;
  readonly recentFailures: readonly WorkflowRun[];
}
