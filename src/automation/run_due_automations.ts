import { dueSlots } from "../../domain/automation/missed_slots.ts";
import { dateOfInstant } from "../../domain/shared/calendar_date.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { WorkflowConfig } from "../../domain/ports/automation_repository.ts";
import { runClaimedSlot, type RunDependencies } from "./run_claimed_slot.ts";

/** What the scheduler needs: the run dependencies, ids for new runs, and who it is. */
export interface SchedulerDependencies extends RunDependencies {
  readonly ids: Ids;
  readonly logger: Logger;
  /** This process's lease-holder id. */
  readonly workerId: string;
  /** How long a claimed run stays ours without renewal (default 15 minutes). */
  readonly leaseMs?: number;
  /** Slots run per workflow per tick, so one tick stays short after a long downtime (default 24). */
  readonly maxSlotsPerTick?: number;
}

/** A run whose lease expired this many times is given up as failed instead of taken over again. */
export const MAX_RUN_ATTEMPTS = 3;

/**
 * One scheduler tick, for the worker's idle hook: runs every due slot of every enabled workflow of
 * every organization. Exactly once per slot, across processes and restarts: a slot is claimed by
 * inserting its run under the unique key (org, workflow, slot) before anything runs, and a run
 * whose worker died (lease expired) is taken over and re-run (its writes are idempotent). Slots are
 * taken in order: a workflow whose latest slot is still running elsewhere waits for it. What is due
 * comes from the schedule, the missed-slot policy, and the latest slot already claimed, so a new
 * scheduler instance on the same database neither skips nor repeats a slot. All time is the Clock's.
 */
export async function runDueAutomations(
  deps: SchedulerDependencies,
): Promise<{ ran: number; failed: number }> {
  let ran = 0;
  let failed = 0;
  for (const config of await deps.automation.listEnabled()) {
    try {
      const counts = await runWorkflowSlots(deps, config);
      ran += counts.ran;
      failed += counts.failed;
    } catch (error) {
      // One organization's broken configuration or database hiccup must not stop the others.
      deps.logger.error("automation tick failed", { org_id: config.orgId, workflow: config.workflow, error });
    }
  }
  return { ran, failed };
}

async function runWorkflowSlots(
  deps: SchedulerDependencies,
  config: WorkflowConfig,
): Promise<{ ran: number; failed: number }> {
  const leaseMs = deps.leaseMs ?? 15 * 60_000;
  const limit = deps.maxSlotsPerTick ?? 24;
  let ran = 0;
  let failed = 0;
  for (let step = 0; step < limit * 2 && ran + failed < limit; step++) {
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const latest = await deps.automation.latestScheduledRun(config.orgId, config.workflow);
    let slot: string;
    if (latest && latest.status === "running") {
      if ((latest.leaseUntil ?? "") > nowIso) return { ran, failed }; // another worker is on it
      if (latest.attempts >= MAX_RUN_ATTEMPTS) {
        await deps.automation.abandonRun(latest.id, {
          status: "failed",
          result: null,
          errorCode: "QB008",
          errorMessage: `The run's worker stopped ${latest.attempts} times before finishing`,
          errorCause: { code: "LEASE_EXPIRED", message: "lease expired on the last allowed attempt" },
        }, nowIso);
        failed++;
        continue;
      }
      slot = latest.slot; // take over the crashed run first: slots run in order
    } else {
      const after = Math.max(Date.parse(config.scheduleFrom), latest ? Date.parse(latest.slot) : -Infinity);
      const [next] = dueSlots(config.schedule, config.missedSlots, after, now.getTime(), 1);
      if (next === undefined) return { ran, failed };
      slot = new Date(next).toISOString();
    }
    const run = await deps.automation.claimSlot({
      id: deps.ids.newId(),
      orgId: config.orgId,
      workflow: config.workflow,
      slot,
      trigger: "schedule",
      asOf: dateOfInstant(new Date(slot)),
      owner: deps.workerId,
      leaseMs,
      now: nowIso,
    });
    if (run === null) continue; // another scheduler claimed it first: look again
    const finished = await runClaimedSlot(deps, run, config.options, "system:automation");
    if (finished?.status === "failed") failed++;
    else ran++;
  }
  return { ran, failed };
}
