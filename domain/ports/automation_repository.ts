/**
 * Persistence of automation: each organization's workflow configurations and the runs of those
 * workflows. A run is identified by (org, workflow, slot): the slot is the scheduled instant (ISO
 * text) for scheduled runs, `manual:<id>` for runs started by hand. The unique key is what makes a
 * scheduled slot run once across worker processes and restarts; the lease is what lets another
 * worker take over a run whose worker died.
 */
import type { MissedSlotPolicy } from "../automation/missed_slots.ts";
import type { Schedule } from "../automation/schedule.ts";
import type { WorkflowName } from "../automation/workflow_catalog.ts";

export interface WorkflowConfig {
  readonly orgId: string;
  readonly workflow: WorkflowName;
  readonly enabled: boolean;
  readonly schedule: Schedule;
  readonly missedSlots: MissedSlotPolicy;
  /** The workflow's options, already validated by its schema. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Slots after this instant are due (set when enabled or when the schedule changes). */
  readonly scheduleFrom: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export type NewWorkflowConfig = Omit<WorkflowConfig, "version">;

export type RunStatus = "running" | "succeeded" | "failed";
export type RunTrigger = "schedule" | "manual";

export interface WorkflowRun {
  readonly id: string;
  readonly orgId: string;
  readonly workflow: WorkflowName;
  readonly slot: string;
  readonly trigger: RunTrigger;
  /** The calendar date the run works as of (the slot's UTC date). */
  readonly asOf: string;
  readonly status: RunStatus;
  /** Claims so far: 1, plus one per takeover after an expired lease. */
  readonly attempts: number;
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  /** What made it fail: the underlying error's code, message and details. */
  readonly errorCause: Readonly<Record<string, unknown>> | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly updatedAt: string;
}

export interface SlotClaim {
  readonly id: string;
  readonly orgId: string;
  readonly workflow: WorkflowName;
  readonly slot: string;
  readonly trigger: RunTrigger;
  readonly asOf: string;
  readonly owner: string;
  readonly leaseMs: number;
  readonly now: string;
}

export interface RunOutcome {
  readonly status: "succeeded" | "failed";
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly errorCause?: Readonly<Record<string, unknown>>;
}

export interface AutomationRepository {
  /** Creates or replaces a workflow's configuration (version + 1 on replace). */
  saveConfig(config: NewWorkflowConfig): Promise<WorkflowConfig>;
  getConfig(orgId: string, workflow: WorkflowName): Promise<WorkflowConfig | null>;
  listConfigs(orgId: string): Promise<WorkflowConfig[]>;
  /** Every enabled configuration of every organization (what the scheduler looks at). */
  listEnabled(): Promise<WorkflowConfig[]>;
  /**
   * Claims the slot for `owner`: creates the run (status running, attempt 1), or takes over a
   * running one whose lease expired (attempt + 1). Exactly one of several concurrent claimers wins;
   * the others get null. A finished slot is never claimed again.
   */
  claimSlot(claim: SlotClaim): Promise<WorkflowRun | null>;
  /** Extends the lease; false when `owner` no longer holds it. */
  renewLease(runId: string, owner: string, leaseMs: number, now: string): Promise<boolean>;
  /** Records the outcome; false (nothing written) when `owner` no longer holds the lease. */
  finishRun(runId: string, owner: string, outcome: RunOutcome, now: string): Promise<boolean>;
  /** Marks a running run failed whatever its lease (a run that crashed too many times). */
  abandonRun(runId: string, outcome: RunOutcome, now: string): Promise<boolean>;
  /** The scheduled run with the latest slot of a workflow, or null. */
  latestScheduledRun(orgId: string, workflow: WorkflowName): Promise<WorkflowRun | null>;
  getRun(orgId: string, runId: string): Promise<WorkflowRun | null>;
  /** Runs of the organization, newest start first. */
  listRuns(
    orgId: string,
    options: { readonly limit: number; readonly workflow?: WorkflowName; readonly status?: RunStatus },
  ): Promise<WorkflowRun[]>;
}
