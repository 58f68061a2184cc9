import type { WorkflowStatus } from "../../domain/automation/workflow_status.ts";
import { type MissedSlotPolicy, nextRunAt } from "../../domain/automation/missed_slots.ts";
import { type Schedule, ScheduleSchema } from "../../domain/automation/schedule.ts";
import {
  WORKFLOW_DEFAULTS,
  WORKFLOW_NAMES,
  type WorkflowName,
} from "../../domain/automation/workflow_catalog.ts";
import { WORKFLOW_OPTION_SCHEMAS } from "../../domain/automation/workflow_options.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type {
  NewWorkflowConfig,
  WorkflowConfig,
  WorkflowRun,
} from "../../domain/ports/automation_repository.ts";
import { dateOfInstant } from "../../domain/shared/calendar_date.ts";
import { type Caller, requireAuthorized } from "../../domain/access/authorize.ts";
import { executeWorkflow } from "./execute_workflow.ts";
import { runClaimedSlot, type RunDependencies } from "./run_claimed_slot.ts";
import { actorOf } from "../../domain/access/caller.ts";

export interface AutomationDependencies extends RunDependencies {
  readonly ids: Ids;
}

/** One workflow to enable (with its schedule) or disable, as the API receives it. */
export interface WorkflowChange {
  readonly workflow: WorkflowName;
  readonly enabled: boolean;
  readonly schedule?: unknown;
  readonly missedSlots?: MissedSlotPolicy;
  readonly options?: unknown;
}

/** The manual run's lease: long enough for any single run; a crashed manual run is simply failed later. */
const MANUAL_LEASE_MS = 15 * 60_000;

function validationError(
  workflow: string,
  field: string,
  issues: readonly { path: PropertyKey[]; message: string }[],
) {
  return new DomainError(
    "VALIDATION_FAILED",
    `Invalid ${field} for ${workflow}: ${
      issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")
    }`,
    {
      workflow,
      issues: issues.map((i) => ({ path: `${field}.${i.path.join(".")}`, message: i.message })),
    },
  );
}

/**
 * Enables, reconfigures or disables workflows. A schedule or option left out keeps the stored one
 * (the workflow's default the first time). Slots count from the moment a workflow is enabled or its
 * schedule changes: time while it was off is never caught up. Rent generation and late fees get
 * `starts_on` = today unless given, so enabling never bills or fines the past. Every change is audited.
 */
export async function enableWorkflows(
  deps: AutomationDependencies,
  caller: Caller,
  changes: readonly WorkflowChange[],
  requestId: string | null,
): Promise<WorkflowConfig[]> {
  requireAuthorized(caller, "automation:manage");
  const seen = new Set<string>();
  for (const change of changes) {
    if (seen.has(change.workflow)) {
      throw new DomainError("VALIDATION_FAILED", `Workflow ${change.workflow} is listed twice`, {
        workflow: change.workflow,
      });
    }
    seen.add(change.workflow);
  }
  const now = deps.clock.now().toISOString();
  const today = dateOfInstant(deps.clock.now());
  // Validate everything first: a bad entry changes nothing.
  const prepared: NewWorkflowConfig[] = [];
  for (const change of changes) {
    const stored = await deps.automation.getConfig(caller.orgId, change.workflow);
    const defaults = WORKFLOW_DEFAULTS[change.workflow];
    let schedule: Schedule = stored?.schedule ?? defaults.schedule;
    if (change.schedule !== undefined) {
      const parsed = ScheduleSchema.safeParse(change.schedule);
      if (!parsed.success) throw validationError(change.workflow, "schedule", parsed.error.issues);
      schedule = parsed.data;
    }
    const rawOptions = change.options ?? stored?.options ?? {};
    const parsedOptions = WORKFLOW_OPTION_SCHEMAS[change.workflow].safeParse(rawOptions);
    if (!parsedOptions.success) throw validationError(change.workflow, "options", parsedOptions.error.issues);
    const options: Record<string, unknown> = { ...parsedOptions.data };
    if (
      (change.workflow === "rent_invoice_generation" || change.workflow === "late_fee_processing") &&
      options.starts_on === undefined
    ) options.starts_on = today;
    const scheduleChanged = !stored || JSON.stringify(stored.schedule) !== JSON.stringify(schedule);
    const switchedOn = change.enabled && (!stored || !stored.enabled);
    prepared.push({
      orgId: caller.orgId,
      workflow: change.workflow,
      enabled: change.enabled,
      schedule,
      missedSlots: change.missedSlots ?? stored?.missedSlots ?? defaults.missedSlots,
      options,
      scheduleFrom: switchedOn || scheduleChanged || !stored ? now : stored.scheduleFrom,
      updatedAt: now,
      updatedBy: actorOf(caller),
    });
  }
  // Every workflow of the request and its audit entry commit together, or none does.
  return await deps.atomically(async () => {
    const saved: WorkflowConfig[] = [];
    for (const config of prepared) {
      saved.push(await deps.automation.saveConfig(config));
      await deps.audit({
        orgId: caller.orgId,
        at: now,
        actor: actorOf(caller),
        action: config.enabled ? "automation.workflow_enabled" : "automation.workflow_disabled",
        target: `automation:${config.workflow}`,
        details: { schedule: config.schedule, missed_slots: config.missedSlots, options: config.options },
        requestId,
      });
    }
    return saved;
  });
}

/** The outcome of a manual execution: a stored run, or a dry run's report (nothing stored). */
export type ExecutionOutcome =
  | { readonly dryRun: false; readonly run: WorkflowRun }
  | {
    readonly dryRun: true;
    readonly workflow: WorkflowName;
    readonly asOf: string;
    readonly result: Record<string, unknown>;
  };

/**
 * Runs one workflow now, as of today (UTC), with its stored options (the defaults when it was never
 * configured). Running and dry-running both need `automation:manage` (the permission POST
 * /automation/execute declares: a dry run computes every property's charges). A dry run returns
 * what the run would do and writes nothing at all (no charges, no job, no run record, no audit). A real run is recorded like a
 * scheduled one (trigger `manual`); when it fails, the run is stored failed and QB008 is thrown with
 * the cause, so the caller and the status page both see it.
 */
export async function executeWorkflowNow(
  deps: AutomationDependencies,
  caller: Caller,
  workflow: WorkflowName,
  dryRun: boolean,
  requestId: string | null,
): Promise<ExecutionOutcome> {
  // Organization-wide: a property-scoped caller is refused (needs_all_properties).
  requireAuthorized(caller, "automation:manage");
  const stored = await deps.automation.getConfig(caller.orgId, workflow);
  const now = deps.clock.now();
  const asOf = dateOfInstant(now);
  const options = stored?.options ?? WORKFLOW_OPTION_SCHEMAS[workflow].parse({});
  if (dryRun) {
    const result = await executeWorkflow(deps, workflow, {
      orgId: caller.orgId,
      asOf,
      options,
      dryRun: true,
    });
    return { dryRun: true, workflow, asOf, result: { ...result } };
  }
  const id = deps.ids.newId();
  const run = await deps.atomically(async () => {
    const run = await deps.automation.claimSlot({
      id,
      orgId: caller.orgId,
      workflow,
      slot: `manual:${id}`,
      trigger: "manual",
      asOf,
      owner: `manual:${id}`,
      leaseMs: MANUAL_LEASE_MS,
      now: now.toISOString(),
    });
    if (!run) throw new DomainError("CONFLICT", "The manual run could not be recorded", { run_id: id });
    await deps.audit({
      orgId: caller.orgId,
      at: now.toISOString(),
      actor: actorOf(caller),
      action: "automation.executed",
      target: `automation:${workflow}`,
      details: { run_id: id, as_of: asOf },
      requestId,
    });
    return run;
  });
  const finished = (await runClaimedSlot(deps, run, options, actorOf(caller))) ?? run;
  if (finished.status === "failed") {
    throw new DomainError("QB008", finished.errorMessage ?? "The automation workflow run failed", {
      run_id: finished.id,
      workflow,
      cause: finished.errorCause,
    });
  }
  return { dryRun: false, run: finished };
}

export type { WorkflowStatus };

/**
 * Every workflow with its configuration, next slot, last run and recent failures (QB008 with the
 * cause), plus the latest runs. A property-scoped caller sees the schedule and the outcome of each
 * run but not its report, which names records of every property.
 */
export async function automationStatus(
  deps: AutomationDependencies,
  caller: Caller,
  options: { readonly runs: number },
): Promise<{ workflows: WorkflowStatus[]; recentRuns: WorkflowRun[] }> {
  requireAuthorized(caller, "automation:read");
  const hide = (run: WorkflowRun): WorkflowRun =>
    caller.propertyIds === undefined ? run : { ...run, result: null };
  const configs = new Map((await deps.automation.listConfigs(caller.orgId)).map((c) => [c.workflow, c]));
  const now = deps.clock.now().getTime();
  const workflows: WorkflowStatus[] = [];
  for (const workflow of WORKFLOW_NAMES) {
    const config = configs.get(workflow);
    const defaults = WORKFLOW_DEFAULTS[workflow];
    const [lastRun] = await deps.automation.listRuns(caller.orgId, { workflow, limit: 1 });
    const failures = await deps.automation.listRuns(caller.orgId, { workflow, status: "failed", limit: 5 });
    let nextRun: string | null = null;
    if (config?.enabled) {
      const latest = await deps.automation.latestScheduledRun(caller.orgId, workflow);
      const after = Math.max(Date.parse(config.scheduleFrom), latest ? Date.parse(latest.slot) : -Infinity);
      nextRun = new Date(nextRunAt(config.schedule, config.missedSlots, after, now)).toISOString();
    }
    workflows.push({
      workflow,
      configured: config !== undefined,
      enabled: config?.enabled ?? false,
      schedule: config?.schedule ?? defaults.schedule,
      missedSlots: config?.missedSlots ?? defaults.missedSlots,
      missedSlotsWhy: defaults.why,
      options: config?.options ?? {},
      nextRunAt: nextRun,
      lastRun: lastRun ? hide(lastRun) : null,
      recentFailures: failures.map(hide),
    });
  }
  const recentRuns = (await deps.automation.listRuns(caller.orgId, { limit: options.runs })).map(hide);
  return { workflows, recentRuns };
}
